/**
 * Child process: the raw fan-out's consumers (BENCH_FANOUT_NAMES, e.g. `fan-1`), each a durable
 * pull consumer of its own on the stream, configured as the SDK configures a plugin's (explicit
 * acks, same pull size), that only notes when each message arrived and acknowledges it: what
 * JetStream and a bare client cost per delivery, with no inbox, no parsing, no handler.
 *
 * Requests: `counts` (messages received so far, per consumer), `receipts`, `stop`.
 */
import { connect, nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';

/** What one consumer saw: the stream sequence of each message and when it arrived. */
export interface FanoutReceipts {
  seq: number[];
  at: number[];
}

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const stream = env('NATS_STREAM');
const prefix = env('NATS_SUBJECT_PREFIX');
const names = env('BENCH_FANOUT_NAMES').split(',');

const nc = await connect({ servers: env('NATS_URL'), noAsyncTraces: true });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
const receipts = new Map<string, FanoutReceipts>(names.map((n) => [n, { seq: [], at: [] }]));
const stops: (() => Promise<void>)[] = [];

for (const name of names) {
  // The SDK's defaults: concurrency 32 → max_ack_pending 128, 64 messages per pull.
  await jsm.consumers.add(stream, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New,
    filter_subject: `${prefix}.v1.>`,
    ack_wait: nanos(30_000),
    max_ack_pending: 128,
  });
  const messages = await (await js.consumers.get(stream, name)).consume({ max_messages: 64 });
  const r = receipts.get(name)!;
  const loop = (async () => {
    for await (const m of messages) {
      r.at.push(wallMs());
      r.seq.push(m.seq);
      m.ack();
    }
  })();
  stops.push(async () => {
    await messages.close();
    await loop;
  });
}

serve({
  counts: () => Object.fromEntries([...receipts].map(([n, r]) => [n, r.at.length])),
  receipts: () => Object.fromEntries(receipts),
  stop: async () => {
    await Promise.all(stops.map((s) => s()));
    await nc.drain();
    setTimeout(() => process.exit(0), 10);
  },
});
