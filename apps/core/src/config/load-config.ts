import type { z } from 'zod';

/** Raised at start-up; its message names every variable at fault and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const OUR_PREFIXES = /^(CASEHUB_|NATS_|OUTBOX_|DATABASE_|LOG_|INBOUND_|PLUGIN_)/;

/** Validates the environment against `schema`; an empty variable means "not set". */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const present: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  // The embedded database lives in the data directory unless DATABASE_URL says otherwise.
  present.DATABASE_URL ??= `sqlite:${present.CASEHUB_DATA_DIR ?? './data'}/casehub.db`;
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0]);
    const got = env[name] === undefined ? 'it is not set' : `got ${JSON.stringify(env[name])}`;
    return `  ${name}: ${i.message} (${got})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Variables that look like ours but that `schema` does not read: most likely misspelt. */
export function unknownVariables(
  schema: z.ZodObject,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const known = new Set(Object.keys(schema.shape));
  return Object.keys(env).filter(
    (k) => OUR_PREFIXES.test(k) && !known.has(k) && !k.startsWith('CASEHUB_TEST'),
  );
}
