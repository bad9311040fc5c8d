/**
 * Child process: the SMTP sink of `pnpm bench:email` (smtp-sink.ts) in a process of its own.
 *
 * Requests: `port`, `reset`, `wait` {n, timeoutMs} (the time the n-th mail was accepted),
 * `snapshot` (counts; with `true`, the Message-IDs too), `stop`.
 */
import { serve } from './ipc.js';
import { CountingSink } from './smtp-sink.js';

const sink = new CountingSink();
const port = await sink.listen();

serve({
  port: () => port,
  reset: () => sink.reset(),
  wait: ({ n, timeoutMs }: { n: number; timeoutMs: number }) => sink.waitFor(n, timeoutMs),
  snapshot: (withIds: boolean) => sink.snapshot(withIds),
  stop: async () => {
    await sink.close();
    setTimeout(() => process.exit(0), 10);
  },
});
