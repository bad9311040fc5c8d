/**
 * The outbound runs of `pnpm bench:sms` and `pnpm bench:social`, the same for every provider
 * (OutboundSpec says what differs): a channel plugin turning `message.created` events into
 * messages, beside the plugin's own provider client sending the same messages, into the same fake
 * provider.
 *
 * - Raw: the raw sender child sends the texts (`rawRounds` rounds, the median counts), timed from
 *   the request until the fake accepted the last one.
 * - Plugin: the orchestrator publishes the events into the isolated stream as the core's relay
 *   would (CloudEvents built with buildEvent, the event id as Nats-Msg-Id, the case's sequence,
 *   200 publishes in flight), timed from the first publish until the fake accepted the last
 *   text; the plugin's delivery reports (inbound.delivery) are counted and checked too.
 * Both first send `warmup` texts of their own, untimed. Each run's fake record is checked: every
 * reply exactly once, nothing else.
 */
import { connect } from '@nats-io/transport-node';
import { buildEvent, subjectOf, type MessageView } from '@casehub/domain';
import type { Child } from './child.js';
import {
  deadLetterCount,
  deliveryReports,
  publishAll,
  streamState,
  timeoutFor,
  whenStreamHolds,
  type ReportTally,
} from './outbound-stream.js';
export type { ReportTally };
import { sleep, wallMs } from './clock.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import type { FakeCheck, ProviderFake } from './provider-fake.js';
import type { ReplyItem } from './reply-workload.js';

/** The SDK's default: events a plugin handles at once (the raw baselines keep as many in flight). */
export const SDK_CONCURRENCY = 32;

/** What differs between the benchmarks (and providers) that share these runs. */
export interface OutboundSpec {
  /** Messages of each measured run (the plugin's, and each raw round), and of each warm-up. */
  messages: number;
  warmup: number;
  /** Raw baseline rounds; the median counts. */
  rawRounds: number;
  natsUrl: string;
  /** The replies of the run named `tag`, in publishing order. */
  workload(tag: string, count: number): ReplyItem[];
  /** The raw sender's `load` request for the same replies. */
  rawLoad(tag: string, count: number): object;
  /** The recipient a fake that counts texts (FakeCheck.byText) files a reply's text under. */
  recipientOf(item: ReplyItem): string;
  /**
   * Whether the provider's status callbacks reach the plugin in its run; then the last status
   * each reply should be reported with, and the reports each reply makes in the stream.
   */
  callbacksToPlugin: boolean;
  callbackStatus: 'sent' | 'delivered';
  reportsWithCallbacks: number;
  /**
   * For a plugin that learns where a case's replies go from its customer's message (Telegram),
   * not from the contact on the case: that message, which the relay publishes before the
   * case's first reply (as the core does once the plugin's intake stored it). Untimed apart: it
   * is in the plugin's run.
   */
  customerMessage?(item: ReplyItem): MessageView;
}

export interface SendFigures {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** Mean text length as the fake accepted it (bytes of UTF-8). */
  meanBodyBytes: number;
  cpu: CpuFigures;
}

export interface RawOutcome extends SendFigures {
  concurrency: number;
  /** Every round's messages/s; the figures above are the median round's. */
  rounds: number[];
  errors: number;
  /** Texts the fake did not get exactly once, in all rounds. */
  notOnce: number;
}

/** Tally of the delivery reports about this run's messages: each message's last status. */

export interface PluginOutcome extends SendFigures {
  /** First publish → last event stored. */
  publishSeconds: number;
  /** First publish → the last delivery report stored in the stream. */
  deliveryReportSeconds: number;
  /** The status each message should end with: `sent` (callbacks off) or the spec's callbackStatus. */
  expectedStatus: 'sent' | 'delivered';
  deliveryReports: ReportTally;
  /** Texts the fake got twice or more, got for no message of the run, and never got. */
  duplicates: number;
  extra: number;
  missing: number;
  /** Sends the fake refused, and texts it got again after a refusal. */
  refused: number;
  resent: number;
  callbacks: FakeCheck['callbacks'];
  deadLetters: number;
}

/**
 * The fake's texts per message id: `byMessage` as it is, or for a fake that counts by destination
 * and text (`byText`: SMPP carries no id) mapped through the replies sent; a text that is no
 * reply's counts as one without an id.
 */
function perMessage(check: FakeCheck, items: readonly ReplyItem[], spec: OutboundSpec) {
  if (!check.byText) return { byMessage: check.byMessage, withoutId: check.withoutId };
  const idOf = new Map(
    items.map((it) => [`${spec.recipientOf(it)}\n${it.message.body.trim()}`, it.message.id]),
  );
  const byMessage: Record<string, number> = {};
  let withoutId = check.withoutId;
  for (const [key, n] of Object.entries(check.byText)) {
    const id = idOf.get(key);
    if (id === undefined) withoutId += n;
    else byMessage[id] = (byMessage[id] ?? 0) + n;
  }
  return { byMessage, withoutId };
}

/** How far the fake's record is from "each of `items` exactly once, nothing else". */
function compare(check: FakeCheck, items: readonly ReplyItem[], spec: OutboundSpec) {
  const { byMessage, withoutId } = perMessage(check, items, spec);
  const expected = new Set(items.map((it) => it.message.id));
  let missing = 0;
  for (const id of expected) if (!byMessage[id]) missing++;
  let duplicates = 0;
  let extra = withoutId;
  for (const [id, n] of Object.entries(byMessage)) {
    if (!expected.has(id)) extra += n;
    else if (n > 1) duplicates += n - 1;
  }
  return { missing, duplicates, extra };
}

// ------------------------------------------------------------------------------------------

export async function rawRun(
  s: OutboundSpec,
  raw: Child,
  fake: ProviderFake,
  concurrency: number,
): Promise<RawOutcome> {
  await fake.deliverCallbacks(false);
  if (s.warmup) {
    await raw.request('load', s.rawLoad('raw-warm', s.warmup));
    await fake.reset();
    await raw.request('send', { tag: 'raw-warm', concurrency });
    await fake.waitFor(s.warmup, timeoutFor(s.warmup));
  }
  const rounds: (SendFigures & { errors: number; notOnce: number })[] = [];
  for (let r = 1; r <= s.rawRounds; r++) {
    const tag = `raw-${r}`; // new message ids (and texts) every round
    await raw.request('load', s.rawLoad(tag, s.messages));
    await fake.reset();
    const cpu = cpuWindow({ raw: [raw.proc.pid!], fake: [fake.pid] });
    cpu.begin();
    const go = wallMs();
    const sent = await raw.request<{
      sent: number;
      errors: { count: number; sample: string | null };
    }>('send', { tag, concurrency });
    if (sent.errors.count)
      log(`raw round ${r}: ${sent.errors.count} sends failed, e.g. ${sent.errors.sample}`);
    const last = await fake.waitFor(sent.sent, timeoutFor(s.messages));
    const cpuFigures = await cpu.end();
    const check = await fake.check();
    const c = compare(check, s.workload(tag, s.messages), s);
    const seconds = (last - go) / 1000;
    rounds.push({
      messages: sent.sent,
      seconds,
      messagesPerSecond: sent.sent / seconds,
      meanBodyBytes: check.meanBodyBytes,
      cpu: cpuFigures,
      errors: sent.errors.count,
      notOnce: c.duplicates + c.extra + Math.max(0, c.missing - sent.errors.count),
    });
    log(`raw round ${r}: ${(sent.sent / seconds).toFixed(0)} messages/s`);
  }
  const median = [...rounds].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[
    Math.floor(rounds.length / 2)
  ];
  return {
    ...median,
    concurrency,
    rounds: rounds.map((r) => r.messagesPerSecond),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    notOnce: rounds.reduce((a, r) => a + r.notOnce, 0),
  };
}

// ------------------------------------------------------------------------------------------

interface Prepared {
  items: ReplyItem[];
  messageIds: string[];
  messages: { subject: string; id: string; body: string }[];
}

function prepare(spec: OutboundSpec, tag: string, count: number, prefix: string): Prepared {
  const subject = subjectOf('message.created', prefix);
  const items = spec.workload(tag, count);
  const event = (it: ReplyItem, message: MessageView, sequence: number) => {
    const author = message.authorType === 'contact' ? 'contact' : 'agent';
    const e = buildEvent(
      'message.created',
      { case: it.case, actor: { type: author, id: message.authorId ?? author }, message },
      {
        id: message.id, // one event per message: its id will do
        source: '/casehub/core',
        time: new Date(),
        subject: it.case.id,
        sequence,
      },
    );
    return { subject, id: e.id, body: JSON.stringify(e) };
  };
  // The customer's message, if relayed, is the case's first event: the replies come after it.
  const first = spec.customerMessage ? 1 : 0;
  const messages = items.flatMap((it) => [
    ...(first && it.sequence === 1 ? [event(it, spec.customerMessage!(it), 1)] : []),
    event(it, it.message, it.sequence + first),
  ]);
  return { messages, items, messageIds: items.map((it) => it.message.id) };
}

export async function pluginRun(
  s: OutboundSpec,
  plugin: Child,
  fake: ProviderFake,
  stream: string,
  prefix: string,
): Promise<PluginOutcome> {
  const callbacksToPlugin = s.callbacksToPlugin;
  // Reports per message: `sent` from the send; with callbacks, those that move it forward (e.g.
  // Twilio's `delivered`: its `sent` does not move the message, `queued` is no delivery status).
  const reportsPerMessage = callbacksToPlugin ? s.reportsWithCallbacks : 1;
  await fake.deliverCallbacks(callbacksToPlugin);
  const nc = await connect({ servers: s.natsUrl, noAsyncTraces: true });
  try {
    let stored = (await streamState(nc, stream)).messages;
    if (s.warmup) {
      log(`plugin: warm-up, ${s.warmup} texts ...`);
      const warm = prepare(s, 'plugin-warm', s.warmup, prefix);
      await fake.reset();
      await publishAll(nc, warm);
      await fake.waitFor(s.warmup, timeoutFor(s.warmup));
      stored += warm.messages.length + reportsPerMessage * s.warmup; // events, delivery reports
      await whenStreamHolds(nc, stream, stored, 60_000);
    }
    const run = prepare(s, 'plugin', s.messages, prefix);
    log(`plugin: ${s.messages} message.created events → texts ...`);
    await fake.reset();
    const cpu = cpuWindow({ plugin: [plugin.proc.pid!], fake: [fake.pid], bench: [process.pid] });
    cpu.begin();
    const go = wallMs();
    const published = await publishAll(nc, run);
    const last = await fake.waitFor(s.messages, timeoutFor(s.messages));
    const cpuFigures = await cpu.end();
    const reportsAt = await whenStreamHolds(
      nc,
      stream,
      stored + run.messages.length + reportsPerMessage * s.messages,
      60_000,
    );
    await sleep(500); // a text sent twice would show now
    const check = await fake.check(); // after the callbacks in flight
    const c = compare(check, run.items, s);
    const reports = await deliveryReports(
      nc,
      stream,
      prefix,
      reportsPerMessage * (s.warmup + s.messages),
      new Set(run.messageIds),
    );
    const seconds = (last - go) / 1000;
    return {
      messages: s.messages,
      seconds,
      messagesPerSecond: s.messages / seconds,
      meanBodyBytes: check.meanBodyBytes,
      cpu: cpuFigures,
      publishSeconds: (published - go) / 1000,
      deliveryReportSeconds: (reportsAt - go) / 1000,
      expectedStatus: callbacksToPlugin ? s.callbackStatus : 'sent',
      deliveryReports: reports,
      ...c,
      refused: check.refused,
      resent: check.resent,
      callbacks: check.callbacks,
      deadLetters: await deadLetterCount(nc, stream),
    };
  } finally {
    await nc.close();
  }
}
