/**
 * The SMTP sink as the orchestrator of `pnpm bench:email` sees it, wherever it runs (smtp-sink.ts
 * is the server): times are on the orchestrator's clock.
 */
import { Child } from './child.js';
import { onCleanup } from './cleanup.js';
import { CountingSink, type SinkSnapshot } from './smtp-sink.js';

export type { SinkSnapshot };

export interface Sink {
  url: string;
  where: 'inline' | 'process';
  pid: number;
  reset(): Promise<void>;
  waitFor(n: number, timeoutMs: number): Promise<number>;
  snapshot(withIds?: boolean): Promise<SinkSnapshot>;
}

export async function startSink(where: 'inline' | 'process'): Promise<Sink> {
  if (where === 'inline') {
    const sink = new CountingSink();
    const port = await sink.listen();
    onCleanup('SMTP sink', () => sink.close());
    return {
      url: `smtp://127.0.0.1:${port}`,
      where,
      pid: process.pid,
      reset: () => Promise.resolve(sink.reset()),
      waitFor: (n, t) => sink.waitFor(n, t),
      snapshot: (ids) => Promise.resolve(sink.snapshot(ids)),
    };
  }
  const child = await Child.start('sink', 'sink-process.js', {});
  await child.measureOffset();
  const port = await child.request<number>('port');
  return {
    url: `smtp://127.0.0.1:${port}`,
    where,
    pid: child.proc.pid!,
    reset: () => child.request('reset'),
    waitFor: async (n, timeoutMs) =>
      (await child.request<number>('wait', { n, timeoutMs })) - child.offsetMs,
    snapshot: (ids) => child.request('snapshot', ids ?? false),
  };
}
