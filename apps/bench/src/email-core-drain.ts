/**
 * The core's side of inbound mail, alone: how fast the built core threads and stores the
 * `inbound.message` events the intake runs left in the stream (a backlog, as after a burst of
 * mail), with no plugin running. Its rate, set against the rate at which the plugin handed the
 * same mails to JetStream (MailIntake, several at once), is the inbound target: the core keeps
 * up with what the plugin takes in.
 *
 * The core starts with its inbound consumer held (INBOUND_CONSUMER=false) and migrates its
 * database; the clock starts when the consumer is let go and stops when PostgreSQL holds every
 * message. The core runs with the Node.js flags and memory settings `casehub start` gives it,
 * so its RSS is the one users see.
 */
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { childMemoryEnv, childNodeFlags } from '@casehub/cli/dist/start/child-memory.js';
import { Child } from './child.js';
import { sleep, wallMs } from './clock.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import { coreEnv } from './core-env.js';
import { emailSettings as s } from './email-settings.js';
import type { InboundPlanItem } from './email-workload.js';
import { RssSampler } from './rss.js';

export interface CoreDrainFigures {
  mails: number;
  seconds: number;
  mailsPerSecond: number;
  messagesRecorded: number;
  casesCreated: number;
  replies: number;
  /** Replies the core put on the case of the mail they answer. */
  repliesThreaded: number;
  cpu: CpuFigures;
  /** The core's resident memory: at most during the drain, and idle before it. */
  coreRssMb: { max: number; idle: number };
  /** process.memoryUsage() of the core (MB) at the sample with the most RSS. */
  coreMemoryAtPeak: Record<string, number> | null;
}

/** The Node.js flags `casehub start` gives the core. */
export const CORE_NODE_ARGS = childNodeFlags([], process.env.NODE_OPTIONS ?? '');
/** The core's environment as `casehub start` sets it (memory settings included). */
export const coreChildEnv = (env: NodeJS.ProcessEnv) => childMemoryEnv({ ...process.env, ...env });

/** Leaves only the customers' mails in the stream (the delivery reports are not the core's load here). */
async function keepOnlyInboundMessages(stream: string, prefix: string): Promise<number> {
  const nc = await connect({ servers: s.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(stream, { filter: `${prefix}.v1.inbound.delivery` });
    const subject = `${prefix}.v1.inbound.message`;
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  } finally {
    await nc.close();
  }
}

export async function coreDrainRun(
  where: { stream: string; prefix: string },
  databaseUrl: string,
  plan: InboundPlanItem[],
): Promise<CoreDrainFigures> {
  const mails = await keepOnlyInboundMessages(where.stream, where.prefix);
  const core = await Child.start(
    'core',
    'core-driver.js',
    coreChildEnv({
      ...coreEnv(databaseUrl, where.stream, where.prefix, true),
      INBOUND_CONSUMER: 'false',
    }),
    CORE_NODE_ARGS,
  );
  const rss = new RssSampler(core.proc.pid!);
  rss.start();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await sleep(1000); // the idle core's RSS, after its start
    log(`inbound, core alone: ${mails} inbound.message events waiting, consumer let go ...`);
    // PostgreSQL: this database's backends only (their pool opened first), not other work.
    await core.request('warm-pool');
    const cpu = cpuWindow({ core: [core.proc.pid!], bench: [process.pid] }, databaseUrl);
    rss.phase = 'drain';
    cpu.begin();
    const go = await core.request<number>('inbound-go');
    let recorded = 0;
    let doneAt = 0;
    let peak: Record<string, number> | null = null;
    const deadline = Date.now() + Math.max(120_000, mails * 100);
    for (let i = 0; ; i++) {
      if (i % 10 === 0) {
        const m = await core.request<Record<string, number>>('memory');
        if (!peak || m.rss > peak.rss) peak = m;
      }
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM messages WHERE author_type = 'contact'`,
      );
      recorded = Number(rows[0].n);
      if (recorded >= mails) {
        doneAt = wallMs();
        break;
      }
      if (Date.now() > deadline) break;
      await sleep(25);
    }
    const cpuFigures = await cpu.end();
    rss.phase = 'after';
    if (recorded < mails) log(`core alone: ${recorded} of ${mails} messages after the deadline`);

    const { rows } = await db.query<{ id: string; case_id: string }>(
      `SELECT provider_message_id AS id, case_id FROM messages WHERE author_type = 'contact'`,
    );
    const caseOf = new Map(rows.map((r) => [r.id, r.case_id]));
    const replies = plan.filter((p) => p.kind === 'reply');
    const repliesThreaded = replies.filter(
      (p) =>
        caseOf.get(p.messageId) !== undefined && caseOf.get(p.messageId) === caseOf.get(p.answers!),
    ).length;
    const { rows: cases } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`);
    const seconds = ((doneAt || wallMs()) - go) / 1000;
    return {
      mails,
      seconds,
      mailsPerSecond: doneAt ? mails / seconds : 0,
      messagesRecorded: recorded,
      casesCreated: Number(cases[0].n),
      replies: replies.length,
      repliesThreaded,
      cpu: cpuFigures,
      coreRssMb: { max: rss.stats('drain').maxMb, idle: rss.stats('idle').lastMb },
      coreMemoryAtPeak: peak,
    };
  } finally {
    rss.stop();
    await db.end();
    await core.stop();
  }
}
