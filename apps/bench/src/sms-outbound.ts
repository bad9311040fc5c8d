/**
 * The runs of `pnpm bench:sms`, the same for every provider: an SMS plugin turning
 * `message.created` events into texts, beside the plugin's own provider client sending the same
 * texts, into the same fake provider.
 *
 * - Raw: the raw sender child sends the texts (`rawRounds` rounds, the median counts), timed from
 *   the request until the fake accepted the last one.
 * - Plugin: the orchestrator publishes the events into the isolated stream as the core's relay
 *   would (CloudEvents built with buildEvent, the event id as Nats-Msg-Id, the case's sequence,
 *   200 publishes in flight), timed from the first publish until the fake accepted the last
 *   text; the plugin's delivery reports (inbound.delivery) are counted and checked too.
 * Both first send `warmup` texts of their own, untimed.
 */
import { connect } from '@nats-io/transport-node';
import { buildEvent, subjectOf } from '@casehub/domain';
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
import type { FakeCheck, SmsFake } from './sms-fake.js';
import { smsSettings as s } from './sms-settings.js';
import { smsWorkload, type SmsItem } from './sms-workload.js';

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
  /** The status each message should end with: `sent` (callbacks off) or `delivered`. */
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
function perMessage(check: FakeCheck, items: readonly SmsItem[]) {
  if (!check.byText) return { byMessage: check.byMessage, withoutId: check.withoutId };
  const idOf = new Map(
    items.map((it) => [
      `${it.case.contact!.phone!.replace(/^\+/, '')}\n${it.message.body.trim()}`,
      it.message.id,
    ]),
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
function compare(check: FakeCheck, items: readonly SmsItem[]) {
  const { byMessage, withoutId } = perMessage(check, items);
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

export async function rawRun(raw: Child, fake: SmsFake, concurrency: number): Promise<RawOutcome> {
  await fake.deliverCallbacks(false);
  if (s.warmup) {
    await raw.request('load', {
      tag: 'raw-warm',
      messages: s.warmup,
      repliesPerCase: s.repliesPerCase,
    });
    await fake.reset();
    await raw.request('send', { tag: 'raw-warm', concurrency });
    await fake.waitFor(s.warmup, timeoutFor(s.warmup));
  }
  const rounds: (SendFigures & { errors: number; notOnce: number })[] = [];
  for (let r = 1; r <= s.rawRounds; r++) {
    const tag = `raw-${r}`; // new message ids (and texts) every round
    await raw.request('load', { tag, messages: s.messages, repliesPerCase: s.repliesPerCase });
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
    const c = compare(check, smsWorkload(tag, s.messages, s.repliesPerCase));
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
  items: SmsItem[];
  messageIds: string[];
  messages: { subject: string; id: string; body: string }[];
}

function prepare(tag: string, count: number, prefix: string): Prepared {
  const subject = subjectOf('message.created', prefix);
  const items = smsWorkload(tag, count, s.repliesPerCase);
  const messages = items.map((it) => {
    const e = buildEvent(
      'message.created',
      { case: it.case, actor: { type: 'agent', id: 'agent-1' }, message: it.message },
      {
        id: it.message.id, // one event per message: its id will do
        source: '/casehub/core',
        time: new Date(),
        subject: it.case.id,
        sequence: it.sequence,
      },
    );
    return { subject, id: e.id, body: JSON.stringify(e) };
  });
  return { messages, items, messageIds: items.map((it) => it.message.id) };
}

export async function pluginRun(
  plugin: Child,
  fake: SmsFake,
  stream: string,
  prefix: string,
): Promise<PluginOutcome> {
  const callbacksToPlugin = s.callbacks === 'plugin';
  // Reports per message: `sent` from the send; with callbacks, `delivered` from them (their
  // `sent` does not move the message forward, `queued` is no delivery status).
  const reportsPerMessage = callbacksToPlugin ? 2 : 1;
  await fake.deliverCallbacks(callbacksToPlugin);
  const nc = await connect({ servers: s.natsUrl, noAsyncTraces: true });
  try {
    let stored = (await streamState(nc, stream)).messages;
    if (s.warmup) {
      log(`plugin: warm-up, ${s.warmup} texts ...`);
      const warm = prepare('plugin-warm', s.warmup, prefix);
      await fake.reset();
      await publishAll(nc, warm);
      await fake.waitFor(s.warmup, timeoutFor(s.warmup));
      stored += (1 + reportsPerMessage) * s.warmup; // the events and their delivery reports
      await whenStreamHolds(nc, stream, stored, 60_000);
    }
    const run = prepare('plugin', s.messages, prefix);
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
      stored + (1 + reportsPerMessage) * s.messages,
      60_000,
    );
    await sleep(500); // a text sent twice would show now
    const check = await fake.check(); // after the callbacks in flight
    const c = compare(check, run.items);
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
      expectedStatus: callbacksToPlugin ? 'delivered' : 'sent',
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
