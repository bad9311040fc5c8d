/**
 * `pnpm bench:social`: each social plugin's webhook intake and outbound sends, each beside a raw
 * baseline doing the same durable work against the same fake provider, in one run: messages/s of
 * both and the ratio (target >= 0.8 each way). The plugins are measured one after the other
 * (BENCH_SOCIAL_PLUGINS, default `whatsapp,messenger,telegram`; social-providers.ts says how to
 * add one), each with processes of its own:
 * - this one orchestrates: creates an isolated stream per plugin (BENCH_<run>_SOC<i>, subjects
 *   bench<run>c<i>.casehub), publishes the events, measures, checks, cleans up;
 * - the provider's fake (fake-<provider>-process.ts, around FakeWhatsApp, FakeMessenger or
 *   FakeTelegram from packages/provider-fakes, served by social-fake.ts): the customers' webhooks
 *   in the intake runs, the provider's API in the outbound ones; its CPU counted apart;
 * - the raw intake handler (social-raw-intake.ts: bare node:http, the signature checked, each
 *   message published with the SDK's InboundPublisher and acknowledged before the 200);
 * - the raw sender (social-raw-sender.ts: the plugin's own provider client, the same requests);
 * - the plugin (plugin-host.ts): the built plugin as `casehub start` runs it — its Node.js flags
 *   and memory settings, its default JSON logging into a log file — its webhook on a free port.
 *
 * In order, per plugin: the raw intake rounds; the plugin's intake (the same customers write
 * again, so that the plugin's bucket has their 24-hour windows open, which the replies need; the
 * fake opens them again after each reset); the raw sends; the plugin's sends (outbound-runs.ts,
 * shared with `pnpm bench:sms`: the relay's `message.created` events, public agent replies on
 * social cases whose contact has the platform's handle). The plugins and the fakes are reached
 * by path from their dist/ (built.ts). The plugin's process stays up from its intake to the end
 * of its sends (idle while the raw sender runs).
 *
 * Settings (environment, social-settings.ts): BENCH_SOCIAL_PLUGINS, BENCH_SOCIAL_MESSAGES (5000),
 * BENCH_SOCIAL_CONCURRENCY (32 webhooks in flight), BENCH_SOCIAL_WARMUP (200),
 * BENCH_SOCIAL_REPLIES_PER_CASE (5), BENCH_SOCIAL_RAW_ROUNDS (3), BENCH_SOCIAL_RAW_CONCURRENCY (the
 * plugin's event concurrency, 32), BENCH_SOCIAL_CALLBACKS (`off`: status webhooks answered in the
 * fake's process; `plugin`: to the plugin's webhook), NATS_URL; BENCH_CHILD_NODE_ARGS (child.ts).
 * Exits non-zero only when something broke (a message not stored or stored twice, a webhook not
 * answered 200, a reply lost, sent twice or refused, a delivery report missing, a process
 * crashed); a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { childMemoryEnv, childNodeFlags } from '@casehub/cli/dist/start/child-memory.js';
import type { MessageView } from '@casehub/domain';
import type { PluginDefinition } from '@casehub/plugin-sdk';
import { loadPluginExport, pluginHostEnv } from './built.js';
import { Child } from './child.js';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { freePort } from './free-port.js';
import { pluginRun, rawRun, SDK_CONCURRENCY, type OutboundSpec } from './outbound-runs.js';
import { startFake } from './provider-fake.js';
import { writeResults } from './report.js';
import { stableUuid } from './email-workload.js';
import { createEventStream, removeStreamsAtEnd } from './resources.js';
import type { ReplyItem } from './reply-workload.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { pluginIntakeRun, rawIntakeRun } from './social-intake.js';
import { SOCIAL_PROVIDERS, type SocialProvider } from './social-providers.js';
import {
  compared,
  cpuPerMessage,
  intakeOnce,
  printSocialSummary,
  type SocialOutcome,
} from './social-report.js';
import { SOCIAL_TARGETS, socialSettings as s } from './social-settings.js';
import { recipientOf, socialWorkload } from './social-workload.js';

const RUN = randomBytes(4).toString('hex');
const TAG = `BENCH_${RUN}`;
const LOGS = mkdtempSync(join(os.tmpdir(), `casehub-bench-social-${RUN}-`));

/** The replies of the outbound runs: on the cases of the customers who wrote in the intake. */
function outboundSpec(provider: SocialProvider, customers: readonly string[]): OutboundSpec {
  const { customerMessageId } = provider;
  const workload = (tag: string, count: number) =>
    socialWorkload(tag, count, s.repliesPerCase, provider.platform, customers);
  return {
    messages: s.messages,
    warmup: s.warmup,
    rawRounds: s.rawRounds,
    natsUrl: s.natsUrl,
    workload,
    rawLoad: (tag, count) => ({
      tag,
      sends: workload(tag, count).map((it) => ({
        to: recipientOf(it),
        text: it.message.body.trim(), // as the plugins send it
        id: it.message.id,
      })),
    }),
    recipientOf,
    callbacksToPlugin: s.callbacks === 'plugin',
    callbackStatus: provider.callbackStatus,
    reportsWithCallbacks: provider.reportsWithCallbacks,
    ...(customerMessageId && {
      customerMessage: (it: ReplyItem): MessageView => ({
        ...it.message,
        id: stableUuid('customer-message', it.case.id),
        authorType: 'contact',
        authorId: it.case.contact!.id,
        body: `Hello from ${it.case.contact!.handles![0]}`,
        providerMessageId: customerMessageId(recipientOf(it)),
        deliveryStatus: null,
      }),
    }),
  };
}

/** One plugin against its fake: intake raw then plugin, outbound raw then plugin. */
async function benchProvider(name: string, i: number): Promise<SocialOutcome> {
  const provider = SOCIAL_PROVIDERS[name];
  const where = { stream: `${TAG}_SOC${i}`, prefix: `bench${RUN}c${i}.casehub` };
  const definition = await loadPluginExport<PluginDefinition<unknown>>(name, provider.definition);
  const concurrency = s.rawConcurrency || (definition.delivery?.concurrency ?? SDK_CONCURRENCY);
  await createEventStream(where.stream, where.prefix);
  const fake = await startFake(provider);
  const customers = await fake.child.request<string[]>('customers', {
    count: Math.max(s.messages, s.warmup),
  });
  const [port, rawPort] = [await freePort(), await freePort()];
  const env = {
    NATS_URL: s.natsUrl,
    NATS_STREAM: where.stream,
    NATS_SUBJECT_PREFIX: where.prefix,
    BENCH_SOCIAL_PROVIDER: name,
    ...provider.env(fake.env, port),
  };
  log(
    `${name}: stream ${where.stream} (subjects ${where.prefix}.>), ${provider.fakeLabel} at pid ${fake.pid}`,
  );

  const rawIntake = await Child.start(`raw intake ${name}`, 'social-raw-intake.js', {
    ...env,
    BENCH_RAW_PORT: String(rawPort),
  });
  log(
    `${name}: raw intake, ${s.rawRounds} rounds of ${s.messages} messages, ${s.concurrency} in flight ...`,
  );
  const intakeRaw = await rawIntakeRun(
    fake,
    `http://127.0.0.1:${rawPort}${provider.webhookPath}`,
    rawIntake.proc.pid!,
    where,
  );
  await rawIntake.stop();

  // As `casehub start` runs a plugin: its Node.js flags, its memory settings, JSON logs.
  const logFile = join(LOGS, `${name}.log`);
  const plugin = await Child.start(
    name,
    'plugin-host.js',
    childMemoryEnv({
      ...process.env,
      ...env,
      ...pluginHostEnv(name, provider, 'default'),
      LOG_FORMAT: 'json',
    }),
    childNodeFlags([], process.env.NODE_OPTIONS ?? ''),
    logFile,
  );
  const intakePlugin = await pluginIntakeRun(
    fake,
    `http://127.0.0.1:${port}${provider.webhookPath}`,
    plugin.proc.pid!,
    where,
  );

  const spec = outboundSpec(provider, customers);
  const raw = await Child.start(`raw ${name}`, 'social-raw-sender.js', env);
  log(
    `${name}: raw sends, ${s.rawRounds} rounds of ${s.messages} replies, ${concurrency} in flight ...`,
  );
  const outRaw = await rawRun(spec, raw, fake, concurrency);
  await raw.stop();
  const outPlugin = await pluginRun(spec, plugin, fake, where.stream, where.prefix);
  await plugin.stop();
  await fake.stop();
  return {
    plugin: name,
    logFile,
    intake: compared(intakeRaw, intakePlugin),
    outbound: compared(outRaw, outPlugin),
  };
}

/** Runs the benchmark; returns what broke (nothing: exit status 0). */
async function main(): Promise<Broken> {
  const started = new Date();
  const cpus = os.cpus().length;
  log(
    `settings: ${s.plugins.join(', ')}; ${s.messages} messages each way (+${s.warmup} warm-up), ` +
      `${s.concurrency} webhooks in flight, ${s.repliesPerCase} replies per case, raw ${s.rawRounds} rounds, ` +
      `callbacks ${s.callbacks}; ${cpus} CPUs`,
  );
  removeStreamsAtEnd(TAG);
  const outcomes: SocialOutcome[] = [];
  for (const [i, name] of s.plugins.entries()) outcomes.push(await benchProvider(name, i + 1));

  printSocialSummary(started, outcomes, cpus);
  const file = await writeResults(
    join(REPO_ROOT, 'bench/results'),
    started,
    {
      ...runInfo('social', started),
      settings: s,
      targets: SOCIAL_TARGETS,
      plugins: Object.fromEntries(
        outcomes.map((o) => [o.plugin, { ...o, cpuMsPerMessage: cpuPerMessage(o) }]),
      ),
      pass: Object.fromEntries(
        outcomes.map((o) => [o.plugin, { intake: o.intake.pass, outbound: o.outbound.pass }]),
      ),
    },
    'social',
  );
  console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/social-latest.json)`);

  return outcomes.flatMap(({ plugin: name, intake, outbound }) => {
    const { raw, plugin: p } = outbound;
    return [
      !intakeOnce(intake.raw) &&
        `${name} raw intake: ${intake.raw.refused} webhooks not answered 200, ${intake.raw.missing} messages not stored, ${intake.raw.duplicates + intake.raw.extra} stored too many`,
      !intakeOnce(intake.plugin) &&
        `${name} intake: ${intake.plugin.refused} webhooks not answered 200 (e.g. ${intake.plugin.refusedSample}), ${intake.plugin.missing} messages not stored, ${intake.plugin.duplicates + intake.plugin.extra} stored too many`,
      raw.errors > 0 && `${name} raw client: ${raw.errors} sends failed`,
      raw.notOnce > 0 && `${name} raw client: ${raw.notOnce} replies not at the fake exactly once`,
      p.missing > 0 && `${name}: ${p.missing} replies never reached the fake`,
      (p.duplicates > 0 || p.extra > 0) &&
        `${name}: the plugin sent ${p.duplicates + p.extra} messages too many`,
      (p.refused > 0 || p.resent > 0) &&
        `${name}: the fake refused ${p.refused} sends (${p.resent} replies sent again)`,
      p.deliveryReports[p.expectedStatus] !== p.messages &&
        `${name}: delivery reports: ${p.deliveryReports[p.expectedStatus]} "${p.expectedStatus}" of ${p.messages}`,
      p.deadLetters > 0 && `${name}: ${p.deadLetters} events dead-lettered`,
    ];
  });
}

await runBenchmark(main);
