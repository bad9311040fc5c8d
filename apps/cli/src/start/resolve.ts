import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cli's own package directory: packages installed with it (the core, default plugins). */
export const CLI_DIR = fileURLToPath(new URL('../..', import.meta.url));

export type Resolved =
  { ok: true; entry: string } | { ok: false; installed: boolean; message: string };

/**
 * The directory of package `name` as Node would find it from any of `from` (node_modules
 * lookup), read by hand because `require.resolve('x/package.json')` fails when `exports` hides it.
 */
export function findPackage(name: string, from: string[]): string | null {
  for (const dir of from) {
    for (const modules of createRequire(join(dir, 'noop.js')).resolve.paths(name) ?? []) {
      const pkg = join(modules, name);
      if (existsSync(join(pkg, 'package.json'))) return pkg;
    }
  }
  return null;
}

/**
 * The file to run for a plugin's `package`: a package's `main`, looked up from the cli and from
 * `cwd`; or a path from `baseDir` to a package directory or to a script.
 */
export function resolvePlugin(pkg: string, baseDir: string, cwd: string): Resolved {
  const isPath = pkg.startsWith('.') || isAbsolute(pkg);
  const dir = isPath ? resolve(baseDir, pkg) : findPackage(pkg, [CLI_DIR, cwd]);
  if (!dir || !existsSync(dir)) {
    return { ok: false, installed: false, message: `${pkg} is not installed` };
  }
  if (statSync(dir).isFile()) return { ok: true, entry: dir };
  let main = 'index.js';
  try {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string };
    main = json.main ?? main;
  } catch {
    return { ok: false, installed: false, message: `${pkg} has no readable package.json` };
  }
  const entry = resolve(dir, main);
  if (!existsSync(entry)) {
    // Typical of a workspace checkout where the plugin was never built.
    return {
      ok: false,
      installed: true,
      message: `${pkg} is installed but its entry point ${main} is missing (not built?)`,
    };
  }
  return { ok: true, entry };
}
