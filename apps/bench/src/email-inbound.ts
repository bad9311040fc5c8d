/**
 * The inbound runs of `pnpm bench:email`, each on mails of its own (new Message-IDs, so nothing
 * is de-duplicated away):
 *
 * 1. readMail alone, one mail after the other: the parsing (mailparser, quote stripping).
 * 2. MailIntake.receive, `inboundConcurrency` at once and one at a time: parse, keep the mail
 *    (original.eml) and its attachments in the object store, publish inbound.message, as the
 *    SMTP listener (several connections) and an IMAP mailbox (one mail after the other) do.
 * 3. Optionally, the same with a real core consuming the inbound.message events (apps/core,
 *    core-driver.ts): each mail becomes a contact, a case or a message on the case it answers
 *    (In-Reply-To / References), committed in PostgreSQL; the plugin, consuming the core's
 *    events, acknowledges each new case by mail into the sink. Timed until the core has every
 *    message; checked that every reply is on the case of the mail it answers.
 */
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Child } from './child.js';
import { sleep, wallMs } from './clock.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import { emailSettings as s } from './email-settings.js';
import type { InboundTiming } from './email-plugin.js';
import type { Sink } from './email-sink.js';
import type { InboundKind, InboundPlanItem } from './email-workload.js';
import type { CoreDrainFigures } from './email-core-drain.js';
import { RssSampler } from './rss.js';

export interface IntakeFigures {
  mails: number;
  concurrency: number;
  seconds: number;
  mailsPerSecond: number;
  megabytesPerSecond: number;
  /** Bytes of all the mails. */
  bytes: number;
  outcomes: Record<string, number>;
  errors: number;
  cpu: CpuFigures;
}

export interface ThreadingFigures extends IntakeFigures {
  /** First mail handed to MailIntake → the core committed the last message. */
  intakeSeconds: number;
  messagesRecorded: number;
  casesCreated: number;
  firstMails: number;
  replies: number;
  /** Replies the core put on the case of the mail they answer. */
  repliesThreaded: number;
  /** Acknowledgements the plugin mailed for the new cases, by the end of the run / in all. */
  acknowledgementsAtEnd: number;
  acknowledgements: number;
  /** The core's resident memory at most during the run. */
  coreRssMaxMb: number;
}

export interface InboundOutcome {
  mix: Record<InboundKind, number> & { meanBytes: number };
  parse: IntakeFigures;
  intake: IntakeFigures;
  intakeOneByOne: IntakeFigures;
  /** The core alone threading the intake runs' mails (email-core-drain.ts). */
  coreDrain: CoreDrainFigures | null;
  threading: ThreadingFigures | null;
}

async function load(plugin: Child, tag: string): Promise<InboundPlanItem[]> {
  return plugin.request<InboundPlanItem[]>('inbound-load', {
    tag,
    count: s.inboundMails,
    attachmentBytes: s.attachmentKb * 1024,
  });
}

function figures(t: InboundTiming, concurrency: number, cpu: CpuFigures): IntakeFigures {
  const seconds = (t.endedAt - t.startedAt) / 1000;
  return {
    mails: s.inboundMails,
    concurrency,
    seconds,
    mailsPerSecond: s.inboundMails / seconds,
    megabytesPerSecond: t.bytes / 2 ** 20 / seconds,
    bytes: t.bytes,
    outcomes: t.outcomes,
    errors: t.errors.count,
    cpu,
  };
}

async function timed(
  plugin: Child,
  type: 'parse' | 'intake',
  concurrency: number,
): Promise<IntakeFigures> {
  const cpu = cpuWindow({ plugin: [plugin.proc.pid!], bench: [process.pid] });
  cpu.begin();
  const t = await plugin.request<InboundTiming>(type, { concurrency });
  if (t.errors.count) log(`${type}: ${t.errors.count} mails failed, e.g. ${t.errors.sample}`);
  return figures(t, concurrency, await cpu.end());
}

async function inboundMessages(stream: string, prefix: string): Promise<number> {
  const nc = await connect({ servers: s.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const subject = `${prefix}.v1.inbound.message`;
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  } finally {
    await nc.close();
  }
}

/** Runs 1 and 2, on the plugin child's own stream (no core). */
export async function intakeRuns(plugin: Child, stream: string, prefix: string) {
  log(`inbound: making ${s.inboundMails} mails ...`);
  const plan = await load(plugin, 'parse');
  const kinds = { plain: 0, 'html+attachment': 0, reply: 0 } as Record<InboundKind, number>;
  for (const p of plan) kinds[p.kind]++;
  log('inbound: readMail alone ...');
  const parse = await timed(plugin, 'parse', 1);
  const mix = { ...kinds, meanBytes: parse.bytes / plan.length };
  const intakePlan = await load(plugin, 'intake');
  log(`inbound: MailIntake, ${s.inboundConcurrency} at once ...`);
  const before = await inboundMessages(stream, prefix);
  const intake = await timed(plugin, 'intake', s.inboundConcurrency);
  const oneByOnePlan = await load(plugin, 'intake-1');
  log('inbound: MailIntake, one at a time ...');
  const intakeOneByOne = await timed(plugin, 'intake', 1);
  const published = (await inboundMessages(stream, prefix)) - before;
  return {
    mix,
    parse,
    intake,
    intakeOneByOne,
    /** inbound.message events the two intake runs stored (should be 2 × mails). */
    published,
    /** The mails of the two intake runs, in the order they were handed over. */
    plan: [...intakePlan, ...oneByOnePlan],
  };
}

/** Run 3: the core (child) and the plugin (child) on a stream and database of their own. */
export async function threadingRun(
  plugin: Child,
  core: Child,
  sink: Sink,
  databaseUrl: string,
): Promise<ThreadingFigures> {
  const plan = await load(plugin, 'threading');
  const firstMails = plan.filter((p) => p.kind !== 'reply').length;
  const replies = plan.length - firstMails;
  await sink.reset();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const rss = new RssSampler(core.proc.pid!);
  rss.start();
  try {
    log(`inbound + core threading: ${plan.length} mails, ${s.inboundConcurrency} at once ...`);
    const cpu = cpuWindow({
      plugin: [plugin.proc.pid!],
      core: [core.proc.pid!],
      sink: [sink.pid],
      bench: [process.pid],
    });
    cpu.begin();
    const go = wallMs();
    const intake = plugin.request<InboundTiming>('intake', { concurrency: s.inboundConcurrency });
    let recorded = 0;
    let doneAt = 0;
    const deadline = Date.now() + Math.max(120_000, plan.length * 100);
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM messages WHERE author_type = 'contact'`,
      );
      recorded = Number(rows[0].n);
      if (recorded >= plan.length) {
        doneAt = wallMs();
        break;
      }
      if (Date.now() > deadline) break;
      await sleep(25);
    }
    const cpuFigures = await cpu.end();
    rss.stop();
    const t = await intake;
    if (t.errors.count) log(`threading: ${t.errors.count} mails failed, e.g. ${t.errors.sample}`);
    const acknowledgementsAtEnd = (await sink.snapshot()).count;
    if (recorded < plan.length)
      log(`threading: the core has ${recorded} of ${plan.length} messages after the deadline`);

    const { rows } = await db.query<{ id: string; case_id: string }>(
      `SELECT provider_message_id AS id, case_id FROM messages WHERE author_type = 'contact'`,
    );
    const caseOf = new Map(rows.map((r) => [r.id, r.case_id]));
    const repliesThreaded = plan.filter(
      (p) =>
        p.kind === 'reply' &&
        caseOf.get(p.messageId) !== undefined &&
        caseOf.get(p.messageId) === caseOf.get(p.answers!),
    ).length;
    const { rows: cases } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`);
    // Every new case is acknowledged by mail: wait for the plugin to catch up.
    let acknowledgements = acknowledgementsAtEnd;
    await sink.waitFor(firstMails, 120_000).catch(() => undefined);
    acknowledgements = (await sink.snapshot()).count;

    const base = figures(
      { ...t, startedAt: go, endedAt: doneAt || wallMs() },
      s.inboundConcurrency,
      cpuFigures,
    );
    return {
      ...base,
      mailsPerSecond: doneAt ? base.mailsPerSecond : 0,
      intakeSeconds: (t.endedAt - t.startedAt) / 1000,
      messagesRecorded: recorded,
      casesCreated: Number(cases[0].n),
      firstMails,
      replies,
      repliesThreaded,
      acknowledgementsAtEnd,
      acknowledgements,
      coreRssMaxMb: rss.stats().maxMb,
    };
  } finally {
    rss.stop();
    await db.end();
  }
}
