/**
 * The intake runs of `pnpm bench:social`: the provider's fake delivers the customers' messages
 * (social-fake.ts `deliver`) to a webhook, the raw handler's (social-raw-intake.ts, `rawRounds`
 * rounds, the median counts) or the plugin's; messages/s from the first delivery until the last
 * was answered 200. Each run first delivers `warmup` messages of its own, untimed. Then the
 * stream is read: every message of the run must be stored as `inbound.message` exactly once.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { subjectOf, type InboundMessage } from '@casehub/domain';
import { log } from './cleanup.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import type { ProviderFake } from './provider-fake.js';
import type { IntakeLoad } from './social-fake.js';
import { socialSettings as s } from './social-settings.js';

export interface IntakeFigures {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  cpu: CpuFigures;
  /** Webhooks not answered 200, and what one of them said. */
  refused: number;
  refusedSample: string | null;
  /** The run's messages not in the stream, in it more than once, and events for none of them. */
  missing: number;
  duplicates: number;
  extra: number;
}

export interface RawIntakeOutcome extends IntakeFigures {
  /** Every round's messages/s; the figures above are the median round's, the counts all rounds'. */
  rounds: number[];
}

/** Where the run's events go: the plugin's stream and subjects. */
export interface Where {
  stream: string;
  prefix: string;
}

/** How many `inbound.message` events the stream holds, and its last sequence. */
async function inboundState(nc: NatsConnection, where: Where) {
  const subject = subjectOf('inbound.message', where.prefix);
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(where.stream, { subjects_filter: subject });
  return { count: state.subjects?.[subject] ?? 0, lastSeq: state.last_seq };
}

/** Reads the `n` `inbound.message` events after `afterSeq` and sets them against `ids`. */
async function storedOnce(
  nc: NatsConnection,
  where: Where,
  afterSeq: number,
  n: number,
  ids: readonly string[],
) {
  const times = new Map<string, number>();
  if (n > 0) {
    const consumer = await jetstream(nc).consumers.get(where.stream, {
      filter_subjects: subjectOf('inbound.message', where.prefix),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: afterSeq + 1,
    });
    const messages = await consumer.consume();
    const timer = setTimeout(() => messages.stop(), 30_000);
    let read = 0;
    for await (const m of messages) {
      const id = m.json<{ data: InboundMessage }>().data.providerMessageId;
      times.set(id, (times.get(id) ?? 0) + 1);
      if (++read >= n) break;
    }
    clearTimeout(timer);
  }
  const expected = new Set(ids);
  let missing = 0;
  for (const id of expected) if (!times.has(id)) missing++;
  let duplicates = 0;
  let extra = 0;
  for (const [id, k] of times) {
    if (!expected.has(id)) extra += k;
    else duplicates += k - 1;
  }
  return { missing, duplicates, extra };
}

/** Delivers one run's messages to where the fake's webhooks go now; checks the stream. */
async function deliverRun(
  fake: ProviderFake,
  nc: NatsConnection,
  where: Where,
  tag: string,
  pids: Record<string, number[]>,
): Promise<IntakeFigures> {
  const before = await inboundState(nc, where);
  const cpu = cpuWindow({ ...pids, fake: [fake.pid] });
  cpu.begin();
  const load = await fake.child.request<IntakeLoad>('deliver', {
    tag,
    count: s.messages,
    concurrency: s.concurrency,
  });
  const cpuFigures = await cpu.end();
  if (load.refused.count)
    log(`${tag}: ${load.refused.count} webhooks not answered 200, e.g. ${load.refused.sample}`);
  const after = await inboundState(nc, where);
  const stored = await storedOnce(nc, where, before.lastSeq, after.count - before.count, load.ids);
  return {
    messages: s.messages,
    seconds: load.seconds,
    messagesPerSecond: s.messages / load.seconds,
    cpu: cpuFigures,
    refused: load.refused.count,
    refusedSample: load.refused.sample,
    ...stored,
  };
}

/** Points the fake's webhooks at `url` and delivers the warm-up there. */
async function aim(fake: ProviderFake, url: string, warmTag: string): Promise<void> {
  await fake.child.request('target', { url });
  if (s.warmup)
    await fake.child.request('deliver', {
      tag: warmTag,
      count: s.warmup,
      concurrency: s.concurrency,
    });
}

export async function rawIntakeRun(
  fake: ProviderFake,
  url: string,
  rawPid: number,
  where: Where,
): Promise<RawIntakeOutcome> {
  const nc = await connect({ servers: s.natsUrl, noAsyncTraces: true });
  try {
    await aim(fake, url, 'raw-intake-warm');
    const rounds: IntakeFigures[] = [];
    for (let r = 1; r <= s.rawRounds; r++) {
      rounds.push(await deliverRun(fake, nc, where, `raw-intake-${r}`, { raw: [rawPid] }));
      log(`raw intake round ${r}: ${rounds.at(-1)!.messagesPerSecond.toFixed(0)} messages/s`);
    }
    const median = [...rounds].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[
      Math.floor(rounds.length / 2)
    ];
    const sum = (k: 'refused' | 'missing' | 'duplicates' | 'extra') =>
      rounds.reduce((a, x) => a + x[k], 0);
    return {
      ...median,
      rounds: rounds.map((x) => x.messagesPerSecond),
      refused: sum('refused'),
      refusedSample: rounds.find((x) => x.refusedSample)?.refusedSample ?? null,
      missing: sum('missing'),
      duplicates: sum('duplicates'),
      extra: sum('extra'),
    };
  } finally {
    await nc.close();
  }
}

export async function pluginIntakeRun(
  fake: ProviderFake,
  url: string,
  pluginPid: number,
  where: Where,
): Promise<IntakeFigures> {
  const nc = await connect({ servers: s.natsUrl, noAsyncTraces: true });
  try {
    await aim(fake, url, 'plugin-intake-warm');
    log(`plugin: ${s.messages} customers' messages → webhook ...`);
    return await deliverRun(fake, nc, where, 'plugin-intake', {
      plugin: [pluginPid],
      bench: [process.pid],
    });
  } finally {
    await nc.close();
  }
}
