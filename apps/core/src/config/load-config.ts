import { coreConfigSchema, type CoreConfig } from './config.schema.js';

/** Raised at start-up; its message names every variable at fault and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  // An empty variable means "not set", as in most twelve-factor apps.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = coreConfigSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0]);
    const got = env[name] === undefined ? 'it is not set' : `got ${JSON.stringify(env[name])}`;
    return `  ${name}: ${i.message} (${got})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
