/**
 * Relay throughput against raw JetStream publishing, on the same events. The outbox is filled
 * while no relay runs (copies of the latency run's events: same payloads, same spread over
 * cases, new ids, subjects in a stream of their own); a core started with its relay held is then
 * let go, and the time until its stream holds them all is the relay's. The baseline publishes
 * the same messages from a plain client into streams of its own, RAW_ROUNDS times: a burst of a
 * second is easily disturbed by the machine's other load, so the median round counts.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Child } from './child.js';
import { sleep, wallMs } from './clock.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import { settings } from './settings.js';
import { streamInfo } from './resources.js';

export interface PublishFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  cpu: CpuFigures;
}

export interface RelayOutcome {
  relay: PublishFigures & { outboxPendingAfter: number };
  /** The median round; `rounds` has each one's events/s. */
  raw: PublishFigures & { window: number; duplicates: number; rounds: number[] };
  ratio: number;
  payloadBytes: { mean: number; max: number };
}

export interface Streams {
  relay: { stream: string; prefix: string };
  /** One stream per round of the baseline. */
  raw: { stream: string; prefix: string }[];
  latencyPrefix: string;
}

const RELAY_BATCH = 200; // the core's OUTBOX_BATCH_SIZE default; the raw window matches it

/** Copies the latency run's events into the outbox, unpublished, until there are `n`. */
export async function prefillOutbox(databaseUrl: string, s: Streams, n: number) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{
      aggregate_id: string;
      aggregate_sequence: number;
      name: string;
      subject: string;
      payload: string;
    }>(
      `SELECT aggregate_id, aggregate_sequence, name, subject, payload FROM outbox_events
       WHERE subject LIKE $1 ORDER BY seq`,
      [`${s.latencyPrefix}.%`],
    );
    if (!rows.length) throw new Error('the latency run left no events to copy');
    let bytes = 0;
    let max = 0;
    for (let copy = 0, done = 0; done < n; copy++) {
      const cases = new Map<string, string>();
      const cols: string[][] = [[], [], [], [], [], []];
      for (const r of rows.slice(0, n - done)) {
        const id = randomUUID();
        const caseId = cases.get(r.aggregate_id) ?? randomUUID();
        cases.set(r.aggregate_id, caseId);
        const payload = JSON.stringify({ ...JSON.parse(r.payload), id, subject: caseId });
        bytes += Buffer.byteLength(payload);
        max = Math.max(max, Buffer.byteLength(payload));
        const subject = s.relay.prefix + r.subject.slice(s.latencyPrefix.length);
        [id, caseId, String(r.aggregate_sequence), r.name, subject, payload].forEach((v, i) =>
          cols[i].push(v),
        );
      }
      for (let i = 0; i < cols[0].length; i += 2000) {
        await db.query(
          `INSERT INTO outbox_events (id, aggregate_id, aggregate_sequence, name, subject, payload, created_at, attempts)
           SELECT t.id, t.agg, t.aseq, t.name, t.subj, t.payload, now(), 0
           FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[])
             AS t(id, agg, aseq, name, subj, payload)`,
          cols.map((c) => c.slice(i, i + 2000)),
        );
      }
      done += cols[0].length;
    }
    // Fresh statistics, as autovacuum would have them by and by. Without them the claim's plan
    // (which expects few unpublished rows) sorts the whole backlog on every batch.
    await db.query('ANALYZE outbox_events');
    return { mean: bytes / n, max };
  } finally {
    await db.end();
  }
}

/** Creates the baseline's streams with the relay stream's settings (as the core made it). */
export async function createRawStreams(s: Streams): Promise<void> {
  const info = await streamInfo(s.relay.stream);
  if (!info) throw new Error(`stream ${s.relay.stream} is missing`);
  const nc = await connect({ servers: settings.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const raw of s.raw)
      await jsm.streams.add({ ...info.config, name: raw.stream, subjects: [`${raw.prefix}.v1.>`] });
  } finally {
    await nc.close();
  }
}

/** Time at which `stream` holds `n` messages: the server's timestamp of the last one (ms). */
async function whenStreamHolds(stream: string, n: number, timeoutMs = 180_000): Promise<number> {
  const nc = await connect({ servers: settings.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const t0 = Date.now();
    for (;;) {
      const { state } = await jsm.streams.info(stream);
      if (state.messages >= n) return parseTimestamp(state.last_ts);
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`${stream} holds ${state.messages} of ${n} after ${timeoutMs / 1000} s`);
      await sleep(20);
    }
  } finally {
    await nc.close();
  }
}

/** RFC 3339 with nanoseconds to epoch ms, keeping the sub-millisecond part. */
function parseTimestamp(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) throw new Error(`unexpected timestamp ${ts}`);
  return Date.parse(m[1] + m[3]) + Number(`0.${m[2] ?? '0'}`) * 1000;
}

export async function relayRun(
  core: Child,
  raw: Child,
  s: Streams,
  databaseUrl: string,
  n: number,
  payloadBytes: RelayOutcome['payloadBytes'],
): Promise<RelayOutcome> {
  log(`relay: publishing ${n} events from the outbox ...`);
  let cpu = cpuWindow({ core: [core.proc.pid!] });
  cpu.begin();
  const relayGo = wallMs();
  await core.request('relay-go');
  const relayEnd = await whenStreamHolds(s.relay.stream, n);
  const relayCpu = await cpu.end();
  const relaySeconds = (relayEnd - relayGo) / 1000;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let pending = -1;
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
    );
    pending = Number(rows[0].n);
    if (pending === 0) break;
    await sleep(50); // the last batch is marked just after its publish
  }
  await db.end();

  log(`raw JetStream baseline: publishing the same ${n} events, ${s.raw.length} times ...`);
  const rounds: (PublishFigures & { duplicates: number })[] = [];
  for (const target of s.raw) {
    cpu = cpuWindow({ publisher: [raw.proc.pid!] });
    cpu.begin();
    const go = wallMs();
    const r = await raw.request<{ published: number; duplicates: number }>('go', {
      window: RELAY_BATCH,
      prefix: target.prefix,
    });
    const seconds = ((await whenStreamHolds(target.stream, n)) - go) / 1000;
    const events = r.published;
    rounds.push({
      events,
      seconds,
      eventsPerSecond: events / seconds,
      cpu: await cpu.end(),
      duplicates: r.duplicates,
    });
  }
  const median = [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[
    Math.floor(rounds.length / 2)
  ];

  const relay = { events: n, seconds: relaySeconds, eventsPerSecond: n / relaySeconds };
  return {
    relay: { ...relay, cpu: relayCpu, outboxPendingAfter: pending },
    raw: {
      ...median,
      window: RELAY_BATCH,
      duplicates: rounds.reduce((a, r) => a + r.duplicates, 0),
      rounds: rounds.map((r) => r.eventsPerSecond),
    },
    ratio: relay.eventsPerSecond / median.eventsPerSecond,
    payloadBytes,
  };
}
