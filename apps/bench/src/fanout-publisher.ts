/**
 * Child process: the raw fan-out's publisher. Publishes at a fixed rate, open loop (each
 * message at its due time whether or not earlier acks are back), straight to JetStream with a
 * Nats-Msg-Id, messages the size of the core's events. It stands for the core's commit and
 * relay together: a delivery's latency runs from the moment its publish was issued.
 *
 * Requests: `drive` {rate, warmupMs, measureMs, prefix}, `stop`.
 */
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { sleep, wallMs } from './clock.js';
import { serve } from './ipc.js';

export interface FanoutDrive {
  startedAt: number;
  warmupEndsAt: number;
  endsAt: number;
  /** Per message published: its stream sequence and when its publish was issued. */
  seq: number[];
  issuedAt: number[];
  errors: number;
}

const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });
const js = jetstream(nc);
const VERBS = ['created', 'updated', 'status_changed', 'status_changed', 'resolved'];

/** About the size of the core's events (a CloudEvent with a case's subject and description). */
function payload(id: string, caseId: string, sequence: number): string {
  return JSON.stringify({
    specversion: '1.0',
    id,
    source: 'casehub/bench',
    type: `casehub.case.${VERBS[(sequence - 1) % VERBS.length]}.v1`,
    time: new Date().toISOString(),
    subject: caseId,
    datacontenttype: 'application/json',
    sequence,
    data: {
      caseId,
      number: 'C-000001',
      subject: 'Order #40000 arrived damaged',
      description:
        'Hello, the parcel for my order arrived yesterday but the box was crushed and the blender ' +
        'inside has a cracked jug. Could you send a replacement jug or the whole unit? Thanks.',
      status: 'open',
      priority: 'high',
      channel: 'email',
      ownerId: null,
      assigneeId: null,
      groupId: null,
      tags: [],
      customFields: {},
      at: new Date().toISOString(),
    },
  });
}

async function drive(o: {
  rate: number;
  warmupMs: number;
  measureMs: number;
  prefix: string;
}): Promise<FanoutDrive> {
  const r: FanoutDrive = {
    startedAt: wallMs(),
    warmupEndsAt: 0,
    endsAt: 0,
    seq: [],
    issuedAt: [],
    errors: 0,
  };
  r.warmupEndsAt = r.startedAt + o.warmupMs;
  r.endsAt = r.warmupEndsAt + o.measureMs;
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  let caseId = randomUUID();
  for (;;) {
    const now = wallMs();
    if (now >= r.endsAt) break;
    while (issued < ((now - r.startedAt) / 1000) * o.rate) {
      const sequence = (issued % VERBS.length) + 1;
      if (sequence === 1) caseId = randomUUID();
      issued++;
      const verb = VERBS[sequence - 1];
      const id = randomUUID();
      const issuedAt = wallMs();
      const p = js
        .publish(`${o.prefix}.v1.case.${verb}`, payload(id, caseId, sequence), {
          msgID: id,
          timeout: 10_000,
        })
        .then(
          (ack) => {
            r.seq.push(ack.seq);
            r.issuedAt.push(issuedAt);
          },
          () => {
            r.errors++;
          },
        );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return r;
}

serve({
  drive,
  stop: async () => {
    await nc.drain();
    setTimeout(() => process.exit(0), 10);
  },
});
