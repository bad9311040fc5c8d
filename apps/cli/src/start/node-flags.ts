/**
 * The Node.js flags of the processes `casehub start` runs: its own (e.g. --enable-source-maps
 * from `pnpm start`), plus a young generation of 4 MB unless the command line or NODE_OPTIONS
 * set one. With V8's default (16 MB semi-spaces) a busy core held 250–370 MB of memory; with
 * 4 MB, 160–210 MB, for the same CPU (docs/operations.md#memory).
 */
export function childNodeFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const set = [...execArgv, nodeOptions].some((f) => f.includes('--max-semi-space-size'));
  return set ? [...execArgv] : [...execArgv, '--max-semi-space-size=4'];
}
