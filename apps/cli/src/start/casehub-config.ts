import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

export const CONFIG_FILE = 'casehub.config.json';
/** What runs without a config file; each is skipped, with a line saying why, when it cannot run. */
export const DEFAULT_PLUGINS = ['email', 'survey', 'webhook'];

/** A plugin `casehub start` runs, after defaults are applied. */
export interface PluginSpec {
  name: string;
  /** An npm package name, or a path (to a package directory or a .js file) from `baseDir`. */
  package: string;
  env: Record<string, string>;
  replicas: number;
  /** Named in a config file: failing to start it stops start-up instead of being skipped. */
  explicit: boolean;
}

export interface StartConfig {
  /** The config file read, or null for the defaults. */
  file: string | null;
  /** Where relative `package` paths start from. */
  baseDir: string;
  plugins: PluginSpec[];
}

/** A config file that is missing, unreadable or invalid; the message names the field. */
export class StartConfigError extends Error {
  override name = 'StartConfigError';
}

const NAME = 'must be a plugin name such as webhook (lower-case letters, digits, - and _)';
const REPLICAS = 'must be a whole number from 1 to 32';
const name = z.string({ error: NAME }).regex(/^[a-z0-9][a-z0-9_-]*$/, NAME);

const entrySchema = z.strictObject({
  name,
  package: z
    .string({ error: 'must be a package name or a path' })
    .min(1, 'must be a package name or a path')
    .optional(),
  // Numbers and booleans are accepted because they are what people write in JSON by habit.
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      z.union([z.string(), z.number(), z.boolean()], {
        error: 'must map variable names to strings',
      }),
      { error: 'must be an object of variable names and values' },
    )
    .default({}),
  replicas: z
    .number({ error: REPLICAS })
    .int(REPLICAS)
    .min(1, REPLICAS)
    .max(32, REPLICAS)
    .default(1),
});

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  plugins: z.array(z.unknown(), { error: 'must be a list of plugin names or objects' }),
});

/**
 * Reads `file` (from --config or CASEHUB_CONFIG; it must exist) or else `casehub.config.json` in
 * `cwd` if there is one, or else the defaults.
 */
export function loadStartConfig(file: string | undefined, cwd: string): StartConfig {
  const path = file ? resolve(cwd, file) : resolve(cwd, CONFIG_FILE);
  if (!existsSync(path)) {
    if (file) throw new StartConfigError(`${file}: no such file`);
    return { file: null, baseDir: cwd, plugins: DEFAULT_PLUGINS.map((n) => spec(n, false)) };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new StartConfigError(`${path}: ${(err as Error).message}`);
  }
  return { file: path, baseDir: dirname(path), plugins: parseStartConfig(json, path) };
}

/** Validates the file's content; every problem is reported as `<file>: <field>: <what is wrong>`. */
export function parseStartConfig(json: unknown, file = CONFIG_FILE): PluginSpec[] {
  const problems: string[] = [];
  const report = (err: z.ZodError, at: (string | number)[], value: unknown) => {
    for (const i of err.issues) {
      const path = [...at, ...i.path];
      if (i.code === 'unrecognized_keys')
        for (const k of i.keys) problems.push(`${field([...path, k])}: unknown field`);
      else if (i.code === 'invalid_key')
        problems.push(`${field(path)}: not a variable name (letters, digits and _)`);
      else problems.push(`${field(path)}: ${i.message}${got(pick(value, i.path))}`);
    }
  };
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new StartConfigError(`${file}: must be an object such as {"plugins": ["webhook"]}`);
    report(top.error, [], json);
    throw new StartConfigError(`${file}:\n  ${problems.join('\n  ')}`);
  }
  const plugins: PluginSpec[] = [];
  top.data.plugins.forEach((entry, i) => {
    if (typeof entry === 'string') {
      const r = name.safeParse(entry);
      if (r.success) plugins.push(spec(r.data, true));
      else report(r.error, ['plugins', i], entry);
      return;
    }
    const r = entrySchema.safeParse(entry);
    if (!r.success) return report(r.error, ['plugins', i], entry);
    const { name: n, env, ...rest } = r.data;
    const strings = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
    plugins.push({ ...spec(n, true), ...rest, env: strings });
  });
  plugins.forEach((p, i) => {
    if (plugins.findIndex((q) => q.name === p.name) !== i)
      problems.push(`plugins: ${p.name} is listed twice (use "replicas" to run several)`);
  });
  if (problems.length) throw new StartConfigError(`${file}:\n  ${problems.join('\n  ')}`);
  return plugins;
}

function spec(n: string, explicit: boolean): PluginSpec {
  return { name: n, package: `@casehub/plugin-${n}`, env: {}, replicas: 1, explicit };
}

function field(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p)))
    .join('');
}

function pick(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) =>
      v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined,
    value,
  );
}

function got(value: unknown): string {
  if (value === undefined) return ' (it is missing)';
  const json = JSON.stringify(value);
  return ` (got ${json.length > 60 ? `${json.slice(0, 57)}...` : json})`;
}
