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
