import type { PluginDefinition, PluginEnv } from './define-plugin.js';

/** A plugin's settings are wrong; the message names every variable at fault. */
export class PluginConfigError extends Error {
  override name = 'PluginConfigError';

  constructor(
    readonly plugin: string,
    readonly problems: { variable: string; message: string }[],
  ) {
    super(
      `Invalid ${plugin} plugin configuration:\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
  }
}

/**
 * Validates the environment against the plugin's config schema. Empty variables count as unset
 * (`FOO=` in a .env file means "no value", not "the empty string").
 */
export async function loadPluginConfig<C>(
  definition: PluginDefinition<C>,
  env: PluginEnv = process.env,
): Promise<C> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  if (!definition.config) return present as C;
  const result = await definition.config['~standard'].validate(present);
  if (!result.issues) return result.value;
  throw new PluginConfigError(
    definition.name,
    result.issues.map((issue) => {
      const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
      // A required variable that is absent: say so, not "expected string, received undefined".
      const unset = path.length === 1 && present[path[0]] === undefined;
      return {
        variable: path.join('.') || '(settings)',
        message: unset ? 'is not set' : issue.message,
      };
    }),
  );
}
