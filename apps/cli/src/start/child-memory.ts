/**
 * What keeps the memory of the processes `casehub start` runs small, unless the operator chose
 * otherwise (docs/operations.md#memory):
 * - a young generation of 4 MB (V8's default, 16 MB semi-spaces, let a busy core hold 250–370 MB;
 *   4 MB: 160–210 MB, for the same CPU);
 * - two glibc malloc arenas (the default, eight per CPU, left native memory of Node.js's worker
 *   threads spread over many arenas: a core under intake went from 220–335 MB to 160–210 MB).
 */
export function childNodeFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const set = [...execArgv, nodeOptions].some((f) => f.includes('--max-semi-space-size'));
  return set ? [...execArgv] : [...execArgv, '--max-semi-space-size=4'];
}

export function childMemoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX ? env : { ...env, MALLOC_ARENA_MAX: '2' };
}
