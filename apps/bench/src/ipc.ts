/**
 * Requests from the orchestrator to a child process over Node's IPC channel (structured clone,
 * so typed arrays and large arrays travel cheaply). The child answers each request by its id.
 */
import { wallMs } from './clock.js';

export interface Request {
  id: number;
  type: string;
  body?: unknown;
}
export type Reply =
  { id: number; ok: true; body: unknown } | { id: number; ok: false; error: string };
/** The first message a child sends: it is up and its handlers are in place. */
export const READY = 'ready';

type Handlers = Record<string, (body: any) => unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each handler types its own body

/** Child side: serves `handlers` (plus `clock`), then tells the parent it is ready. */
export function serve(handlers: Handlers): void {
  const all: Handlers = { clock: () => wallMs(), ...handlers };
  process.on('message', (m: Request) => {
    void (async () => {
      let reply: Reply;
      try {
        const fn = all[m.type];
        if (!fn) throw new Error(`no handler for ${m.type}`);
        reply = { id: m.id, ok: true, body: await fn(m.body) };
      } catch (err) {
        reply = { id: m.id, ok: false, error: (err as Error).stack ?? String(err) };
      }
      process.send!(reply);
    })();
  });
  // The parent going away (Ctrl-C, crash) must not leave a child behind.
  process.on('disconnect', () => process.exit(0));
  // An orderly exit (not death by signal) also writes what --cpu-prof collected.
  process.once('SIGTERM', () => process.exit(0));
  process.send!(READY);
}
