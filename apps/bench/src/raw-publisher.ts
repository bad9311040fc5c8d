/**
 * Child process: the relay's baseline. Publishes the same events as the outbox relay (same
 * subjects after the prefix, same payloads, the event id as Nats-Msg-Id) straight to JetStream,
 * into another stream, with a sliding window of publishes in flight as large as the relay's
 * batch. No database, no claim, no bookkeeping: what NATS can take from one client.
 *
 * Requests: `go` {window, prefix} (publishes everything loaded, returns when the last ack is
 * in), `stop`.
 */
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const fromPrefix = env('BENCH_FROM_PREFIX');

// Loaded before `go`, so only publishing is timed.
const db = new pg.Client({ connectionString: env('DATABASE_URL') });
await db.connect();
const { rows } = await db.query<{ id: string; subject: string; payload: string }>(
  `SELECT id, subject, payload FROM outbox_events WHERE subject LIKE $1 ORDER BY seq`,
  [`${fromPrefix}.%`],
);
await db.end();
const messages = rows.map((r) => ({
  id: r.id,
  subject: r.subject.slice(fromPrefix.length), // the part after the prefix
  payload: r.payload,
}));

const nc = await connect({ servers: env('NATS_URL') });
const js = jetstream(nc);

/** Publishes every message once under `prefix` (each round into a stream of its own). */
async function go({ window, prefix }: { window: number; prefix: string }) {
  const startedAt = wallMs();
  let next = 0;
  let duplicates = 0;
  const worker = async () => {
    while (next < messages.length) {
      const m = messages[next++];
      const ack = await js.publish(prefix + m.subject, m.payload, { msgID: m.id, timeout: 5000 });
      if (ack.duplicate) duplicates++;
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return { startedAt, endedAt: wallMs(), published: messages.length, duplicates };
}

serve({
  count: () => messages.length,
  go,
  stop: async () => {
    await nc.drain();
    setTimeout(() => process.exit(0), 10);
  },
});
