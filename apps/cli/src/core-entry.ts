import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_DIR, findPackage } from './start/resolve.js';
import { fail } from './output.js';

const NOT_BUILT = 'the core (@casehub/core) is not installed or not built (pnpm build)';

/** A script of the installed, built core (`dist/<file>`), or null; from the CLI's package and `cwd`. */
export function findCoreScript(file: string, cwd = process.cwd()): string | null {
  const dir = findPackage('@casehub/core', [CLI_DIR, cwd]);
  const entry = dir && join(dir, 'dist', file);
  return entry && existsSync(entry) ? entry : null;
}

/** The same, or a CliError saying the core is missing. */
export function coreScript(file: string): string {
  return findCoreScript(file) ?? fail(NOT_BUILT);
}

export { NOT_BUILT as CORE_NOT_BUILT };
