/**
 * The outbound runs of `pnpm bench:email`: the email plugin turning `message.created` events
 * into mail, beside raw nodemailer sending the same mails, into the same SMTP sink.
 *
 * - Raw: the raw-mailer child sends the composed mails (`rawRounds` rounds, the median counts),
 *   timed from the request until the sink accepted the last one.
 * - Plugin: the orchestrator publishes the events into the isolated stream as the core's relay
 *   would (CloudEvents built with buildEvent, the event id as Nats-Msg-Id, the case's sequence,
 *   200 publishes in flight), timed from the first publish until the sink accepted the last
 *   mail; the plugin's delivery reports (inbound.delivery) are counted and checked too.
 * Both first send `warmup` mails of their own, untimed.
 */
import { connect } from '@nats-io/transport-node';
import { buildEvent, subjectOf } from '@casehub/domain';
import { Child } from './child.js';
import {
  deadLetterCount,
  deliveryReports,
  publishAll,
  streamState,
  timeoutFor,
  whenStreamHolds,
} from './outbound-stream.js';
import { sleep, wallMs } from './clock.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import { emailSettings as s } from './email-settings.js';
import type { Sink } from './email-sink.js';
import { outboundWorkload, SUPPORT_DOMAIN } from './email-workload.js';

export interface SendFigures {
  mails: number;
  seconds: number;
  mailsPerSecond: number;
  /** Mean size of a mail as the sink received it (bytes). */
  meanMailBytes: number;
  cpu: CpuFigures;
}

export interface RawOutcome extends SendFigures {
  concurrency: number;
  poolSize: number;
  /** Every round's mails/s; the figures above are the median round's. */
  rounds: number[];
  errors: number;
  duplicates: number;
}

export interface PluginOutcome extends SendFigures {
  /** First publish → last event stored. */
  publishSeconds: number;
  /** First publish → the last delivery report stored in the stream. */
  deliveryReportSeconds: number;
  deliveryReports: { total: number; sent: number; failed: number; other: number };
  /** Mails the sink got twice (same Message-ID), more than expected, and expected but never got. */
  duplicates: number;
  extra: number;
  missing: number;
  deadLetters: number;
}

// ------------------------------------------------------------------------------------------

export async function rawRun(raw: Child, sink: Sink): Promise<RawOutcome> {
  const concurrency = s.rawConcurrency;
  const { poolSize } = await raw.request<{ poolSize: number }>('load', {
    tag: 'raw-warm',
    mails: s.warmup,
    repliesPerCase: s.repliesPerCase,
  });
  if (s.warmup) {
    await sink.reset();
    await raw.request('send', { tag: 'raw-warm', concurrency });
    await sink.waitFor(s.warmup, timeoutFor(s.warmup));
  }
  const rounds: (SendFigures & { errors: number; duplicates: number })[] = [];
  for (let r = 1; r <= s.rawRounds; r++) {
    const tag = `raw-${r}`; // new Message-IDs every round
    await raw.request('load', { tag, mails: s.mails, repliesPerCase: s.repliesPerCase });
    await sink.reset();
    const cpu = cpuWindow({ raw: [raw.proc.pid!], sink: [sink.pid] });
    cpu.begin();
    const go = wallMs();
    const sent = await raw.request<{
      sent: number;
      errors: { count: number; sample: string | null };
    }>('send', { tag, concurrency });
    if (sent.errors.count)
      log(`raw round ${r}: ${sent.errors.count} sendMail errors, e.g. ${sent.errors.sample}`);
    const last = await sink.waitFor(sent.sent, timeoutFor(s.mails));
    const cpuFigures = await cpu.end();
    const snap = await sink.snapshot();
    const seconds = (last - go) / 1000;
    rounds.push({
      mails: sent.sent,
      seconds,
      mailsPerSecond: sent.sent / seconds,
      meanMailBytes: snap.bytes / snap.count,
      cpu: cpuFigures,
      errors: sent.errors.count,
      duplicates: snap.duplicates,
    });
    log(`raw round ${r}: ${(sent.sent / seconds).toFixed(0)} mails/s`);
  }
  const median = [...rounds].sort((a, b) => a.mailsPerSecond - b.mailsPerSecond)[
    Math.floor(rounds.length / 2)
  ];
  return {
    ...median,
    concurrency,
    poolSize,
    rounds: rounds.map((r) => r.mailsPerSecond),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    duplicates: rounds.reduce((a, r) => a + r.duplicates, 0),
  };
}

// ------------------------------------------------------------------------------------------

interface Prepared {
  /** The CaseHub message ids of the replies. */
  messageIds: Set<string>;
  messages: { subject: string; id: string; body: string }[];
  /** The Message-IDs of the mails the plugin should send. */
  expectedIds: Set<string>;
}

function prepare(tag: string, mails: number, prefix: string): Prepared {
  const subject = subjectOf('message.created', prefix);
  const items = outboundWorkload(tag, mails, s.repliesPerCase);
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
  const expectedIds = new Set(
    items.map((it) => `<casehub.reply.${it.message.id}@${SUPPORT_DOMAIN}>`),
  );
  return { messages, expectedIds, messageIds: new Set(items.map((it) => it.message.id)) };
}

export async function pluginRun(
  plugins: Child[],
  sink: Sink,
  stream: string,
  prefix: string,
): Promise<PluginOutcome> {
  const nc = await connect({ servers: s.natsUrl, noAsyncTraces: true });
  try {
    let stored = (await streamState(nc, stream)).messages;
    if (s.warmup) {
      log(`plugin: warm-up, ${s.warmup} mails ...`);
      const warm = prepare('plugin-warm', s.warmup, prefix);
      await sink.reset();
      await publishAll(nc, warm);
      await sink.waitFor(s.warmup, timeoutFor(s.warmup));
      stored += 2 * s.warmup; // the events and their delivery reports
      await whenStreamHolds(nc, stream, stored, 60_000);
    }
    const run = prepare('plugin', s.mails, prefix);
    log(`plugin: ${s.mails} message.created events → mails ...`);
    await sink.reset();
    const cpu = cpuWindow({
      plugin: plugins.map((p) => p.proc.pid!),
      sink: [sink.pid],
      bench: [process.pid],
    });
    cpu.begin();
    const go = wallMs();
    const published = await publishAll(nc, run);
    const last = await sink.waitFor(s.mails, timeoutFor(s.mails));
    const cpuFigures = await cpu.end();
    const reportsAt = await whenStreamHolds(nc, stream, stored + 2 * s.mails, 60_000);
    await sleep(500); // a mail sent twice would show now
    const snap = await sink.snapshot(true);
    const got = new Set(snap.ids);
    const missing = [...run.expectedIds].filter((id) => !got.has(id)).length;
    const reports = await deliveryReports(nc, stream, prefix, s.warmup + s.mails, run.messageIds);
    const seconds = (last - go) / 1000;
    return {
      mails: s.mails,
      seconds,
      mailsPerSecond: s.mails / seconds,
      meanMailBytes: snap.bytes / snap.count,
      cpu: cpuFigures,
      publishSeconds: (published - go) / 1000,
      deliveryReportSeconds: (reportsAt - go) / 1000,
      deliveryReports: reports,
      duplicates: snap.duplicates,
      extra: snap.count - s.mails,
      missing,
      deadLetters: await deadLetterCount(nc, stream),
    };
  } finally {
    await nc.close();
  }
}
