/**
 * What the run created (database, streams, child processes), undone in reverse order whatever
 * happens: normal end, failure or Ctrl-C.
 */
const cleanups: { what: string; fn: () => Promise<void> }[] = [];
let cleaning: Promise<void> | null = null;
export let interrupted = false;

export function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

export function onCleanup(what: string, fn: () => Promise<void>): void {
  cleanups.push({ what, fn });
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c.fn();
      } catch (err) {
        log(`cleanup of ${c.what} failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** What broke in a run, one sentence each (falsy entries are the checks that held). */
export type Broken = (string | false | null | undefined | 0)[];

/**
 * A benchmark's process: runs `main`, always cleans up, and exits with `main`'s status (1 when
 * it threw). `main` returns the list of what broke (empty: status 0).
 */
export async function runBenchmark(main: () => Promise<Broken>): Promise<never> {
  let code = 1;
  try {
    const broken = (await main()).filter(Boolean);
    if (broken.length) log(`${broken.join('; ')}: exiting with status 1`);
    code = broken.length ? 1 : 0;
  } catch (err) {
    // After Ctrl-C the run fails as its resources go away: not worth a stack trace.
    if (!interrupted) log(`failed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await cleanup();
  }
  process.exit(code);
}
