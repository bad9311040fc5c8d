/**
 * What keeps the memory of the processes `casehub start` runs small, unless the operator chose
 * otherwise (docs/operations.md#memory):
 * - a young generation of 4 MB (V8's default, 16 MB semi-spaces, let a busy core hold 250–370 MB;
 *   4 MB: 160–210 MB, for the same CPU);
 * - an old generation allowed to grow by 30 % of what survived the last full collection before
 *   the next (V8 picks up to 4x when collections are quick: a core with 60 MB live let its heap
 *   reach 107 MB; with 30 %, RSS under intake stayed at 158 MB instead of 184–228 MB);
 * - two glibc malloc arenas (the default, eight per CPU, left native memory of Node.js's worker
 *   threads spread over many arenas: a core under intake went from 220–335 MB to 160–210 MB).
 */
const DEFAULT_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=30'];

export function childNodeFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, nodeOptions].join(' ');
  return [...execArgv, ...DEFAULT_FLAGS.filter((f) => !given.includes(f.split('=')[0]))];
}

export function childMemoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX ? env : { ...env, MALLOC_ARENA_MAX: '2' };
}
