/**
 * `pnpm bench:email`: the email plugin's outbound mail beside raw nodemailer with the same
 * pooled transport, into the same local SMTP sink, in one run; and its inbound side, mails/s
 * parsed, kept and published, optionally threaded onto cases by a real core.
 *
 * Processes (the 2 CPUs of the reference machine are shared by all of them, NATS and PostgreSQL):
 * - this one orchestrates: creates isolated streams (BENCH_<run>_*, subjects bench<run>*.casehub)
 *   and, for the threading run, a database, publishes the events, measures, cleans up;
 * - the SMTP sink (sink-process.ts, smtp-sink.ts): counts, never parses (BENCH_EMAIL_SINK);
 * - the email plugin (email-plugin.ts): the built plugin in a process of its own, as
 *   `casehub start` runs it;
 * - the raw baseline (raw-mailer.ts): nodemailer alone, the plugin's transport settings;
 * - the built core (core-driver.ts): alone over the intake runs' backlog (email-core-drain.ts,
 *   the inbound target), then with a second plugin process for the end-to-end threading run.
 *
 * Settings (environment, email-settings.ts): BENCH_EMAIL_MAILS (10000), BENCH_EMAIL_WARMUP
 * (500), BENCH_EMAIL_REPLIES_PER_CASE (5), BENCH_EMAIL_RAW_ROUNDS (3),
 * BENCH_EMAIL_RAW_CONCURRENCY (the plugin's event concurrency, 32), BENCH_EMAIL_SINK (process),
 * BENCH_EMAIL_PLUGIN_REPLICAS (1),
 * BENCH_EMAIL_INBOUND (2000), BENCH_EMAIL_INBOUND_CONCURRENCY (8), BENCH_EMAIL_ATTACHMENT_KB
 * (100), BENCH_EMAIL_THREADING (1), BENCH_PG_URL, NATS_URL; SMTP_POOL_SIZE applies to both the
 * plugin and the baseline (default: the plugin's, 5).
 * Exits non-zero only when something broke (a mail lost, sent twice or failed, a delivery report
 * missing, a mail not taken in or threaded wrong, a process crashed); a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, relative } from 'node:path';
import { emailPlugin } from '@casehub/plugin-email/dist/email.plugin.js';
import { Child } from './child.js';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { coreEnv } from './core-env.js';
import { intakeRuns, threadingRun, type InboundOutcome } from './email-inbound.js';
import { CORE_NODE_ARGS, coreChildEnv, coreDrainRun } from './email-core-drain.js';
import { pluginRun, rawRun } from './email-outbound.js';
import { printEmailSummary, type EmailOutcome } from './email-report.js';
import { EMAIL_TARGETS, emailSettings as s } from './email-settings.js';
import { startSink } from './email-sink.js';
import { SUPPORT } from './email-workload.js';
import { writeResults } from './report.js';
import { createDatabase, createEventStream, removeStreamsAtEnd } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';

const RUN = randomBytes(4).toString('hex');
const TAG = `BENCH_${RUN}`;
const OUT = { stream: `${TAG}_MAIL`, prefix: `bench${RUN}m.casehub` };
const THREAD = { stream: `${TAG}_THREAD`, prefix: `bench${RUN}t.casehub` };
/** The SDK's default: events a plugin handles at once (the email plugin keeps it). */
const SDK_CONCURRENCY = 32;

function pluginEnv(where: { stream: string; prefix: string }, smtpUrl: string) {
  return {
    NATS_URL: s.natsUrl,
    NATS_STREAM: where.stream,
    NATS_SUBJECT_PREFIX: where.prefix,
    SMTP_URL: smtpUrl,
    EMAIL_FROM: SUPPORT,
  };
}

/** Runs the benchmark; returns what broke (nothing: exit status 0). */
async function main(): Promise<Broken> {
  const started = new Date();
  const cpus = os.cpus().length;
  const pluginConcurrency = emailPlugin.delivery?.concurrency ?? SDK_CONCURRENCY;
  if (!s.rawConcurrency) s.rawConcurrency = pluginConcurrency;
  log(
    `settings: ${s.mails} mails (+${s.warmup} warm-up), ${s.repliesPerCase} replies per case, raw ${s.rawConcurrency} in flight × ${s.rawRounds} rounds, ` +
      `sink ${s.sink}; inbound ${s.inboundMails} mails, ${s.inboundConcurrency} at once${s.threading ? ', with core threading' : ''}; ${cpus} CPUs`,
  );
  removeStreamsAtEnd(TAG);
  const sink = await startSink(s.sink);
  await createEventStream(OUT.stream, OUT.prefix);
  log(`NATS streams ${TAG}* (subjects bench${RUN}*.casehub.>), sink at ${sink.url} (${s.sink})`);

  const plugins = await Promise.all(
    Array.from({ length: s.pluginReplicas }, (_, i) =>
      Child.start(i ? `email-${i + 1}` : 'email', 'email-plugin.js', pluginEnv(OUT, sink.url)),
    ),
  );
  const plugin = plugins[0];
  const raw = await Child.start('raw', 'raw-mailer.js', pluginEnv(OUT, sink.url));
  log(`raw nodemailer baseline: ${s.rawRounds} rounds of ${s.mails} mails ...`);
  const rawOutcome = await rawRun(raw, sink);
  await raw.stop();
  const pluginOutcome = await pluginRun(plugins, sink, OUT.stream, OUT.prefix);
  for (const p of plugins.slice(1)) await p.stop();

  let inbound: InboundOutcome | null = null;
  let inboundPublished = 0;
  let inboundPlan: Awaited<ReturnType<typeof intakeRuns>>['plan'] = [];
  if (s.inboundMails) {
    const { published, plan, ...runs } = await intakeRuns(plugin, OUT.stream, OUT.prefix);
    inboundPublished = published;
    inboundPlan = plan;
    inbound = { ...runs, coreDrain: null, threading: null };
  }
  await plugin.stop();

  if (inbound && s.threading) {
    const drainUrl = await createDatabase(`casehub_bench_${RUN}_drain`);
    inbound.coreDrain = await coreDrainRun(OUT, drainUrl, inboundPlan);
    const databaseUrl = await createDatabase(`casehub_bench_${RUN}`);
    log(`database casehub_bench_${RUN}; core and a second email plugin process ...`);
    const core = await Child.start(
      'core',
      'core-driver.js',
      coreChildEnv(coreEnv(databaseUrl, THREAD.stream, THREAD.prefix, true)),
      CORE_NODE_ARGS,
    );
    const plugin2 = await Child.start('email-2', 'email-plugin.js', pluginEnv(THREAD, sink.url));
    inbound.threading = await threadingRun(plugin2, core, sink, databaseUrl);
    await plugin2.stop();
    await core.stop();
  }

  const drain = inbound?.coreDrain;
  const coreRssMaxMb = Math.max(drain?.coreRssMb.max ?? 0, inbound?.threading?.coreRssMaxMb ?? 0);
  const outcome: EmailOutcome = {
    raw: rawOutcome,
    plugin: pluginOutcome,
    ratio: pluginOutcome.mailsPerSecond / rawOutcome.mailsPerSecond,
    inbound,
    inboundRatio: drain && inbound ? drain.mailsPerSecond / inbound.intake.mailsPerSecond : null,
    coreRssMaxMb: drain ? coreRssMaxMb : null,
  };
  const pass = {
    outboundRatio: outcome.ratio >= EMAIL_TARGETS.outboundRatio,
    inboundRatio:
      outcome.inboundRatio === null ? null : outcome.inboundRatio >= EMAIL_TARGETS.inboundRatio,
    coreRss: outcome.coreRssMaxMb === null ? null : outcome.coreRssMaxMb <= EMAIL_TARGETS.coreRssMb,
  };
  printEmailSummary(started, outcome, cpus);
  const file = await writeResults(
    join(REPO_ROOT, 'bench/results'),
    started,
    {
      ...runInfo('email', started),
      settings: { ...s, pgAdminUrl: undefined, pluginConcurrency },
      targets: EMAIL_TARGETS,
      ...outcome,
      pass,
    },
    'email',
  );
  console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/email-latest.json)`);

  const p = pluginOutcome;
  const t = inbound?.threading;
  const inboundRuns = inbound ? [inbound.parse, inbound.intake, inbound.intakeOneByOne] : [];
  const broken = [
    rawOutcome.errors > 0 && `raw nodemailer: ${rawOutcome.errors} mails failed`,
    rawOutcome.duplicates > 0 && 'the sink got a raw mail twice',
    p.missing > 0 && `${p.missing} replies never reached the sink`,
    (p.duplicates > 0 || p.extra > 0) && `the plugin sent ${p.duplicates + p.extra} mails too many`,
    p.deliveryReports.sent !== p.mails &&
      `delivery reports: ${p.deliveryReports.sent} "sent" of ${p.mails}`,
    p.deadLetters > 0 && `${p.deadLetters} events dead-lettered`,
    inboundRuns.some((r) => r.errors > 0 || (r.outcomes.message ?? 0) !== r.mails) &&
      'not every inbound mail was read as a message',
    inbound &&
      inboundPublished !== 2 * s.inboundMails &&
      `${inboundPublished} inbound.message events stored of ${2 * s.inboundMails}`,
    drain &&
      drain.messagesRecorded !== drain.mails &&
      `core alone: recorded ${drain.messagesRecorded} of ${drain.mails}`,
    drain &&
      drain.repliesThreaded !== drain.replies &&
      `core alone: ${drain.replies - drain.repliesThreaded} replies not on their case`,
    t && t.messagesRecorded !== t.mails && `the core recorded ${t.messagesRecorded} of ${t.mails}`,
    t &&
      t.repliesThreaded !== t.replies &&
      `${t.replies - t.repliesThreaded} replies not on their case`,
    t &&
      t.casesCreated !== t.firstMails &&
      `${t.casesCreated} cases for ${t.firstMails} first mails`,
    t &&
      t.acknowledgements !== t.firstMails &&
      `${t.acknowledgements} acknowledgements for ${t.firstMails} new cases`,
  ];
  return broken;
}

await runBenchmark(main);
