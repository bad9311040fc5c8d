import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_DIR, findPackage } from './start/resolve.js';
import { fail } from './output.js';

/** A script of the installed, built core (`dist/<file>`), found as `casehub start` finds it. */
export function coreScript(file: string): string {
  const dir = findPackage('@casehub/core', [CLI_DIR, process.cwd()]);
  const entry = dir && join(dir, 'dist', file);
  if (!entry || !existsSync(entry))
    fail('the core (@casehub/core) is not installed or not built (pnpm build)');
  return entry;
}
