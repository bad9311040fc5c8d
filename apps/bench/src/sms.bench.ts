/**
 * `pnpm bench:sms`: each SMS plugin's outbound texts beside its own provider client sending the
 * same texts alone, against the same fake provider, in one run: messages/s of both and the
 * ratio (target >= 0.8). The plugins are measured one after the other (BENCH_SMS_PLUGINS,
 * default `sms-twilio,sms-smpp`; sms-providers.ts says how to add one), each with processes of
 * its own:
 * - this one orchestrates: creates an isolated stream per plugin (BENCH_<run>_SMS<i>, subjects
 *   bench<run>s<i>.casehub), publishes the events, measures, cleans up;
 * - the provider's fake (Twilio: fake-twilio-process.ts, FakeTwilio from packages/provider-fakes;
 *   SMPP: smsc-process.ts, an SMSC on the `smpp` library's server), its CPU counted apart;
 * - the raw baseline (Twilio: sms-twilio-raw.ts: the plugin's own client, the same form body;
 *   SMPP: sms-smpp-raw.ts: the plugin's own SmppClient, the same parts, the same window);
 * - the plugin (plugin-host.ts): the built plugin as `casehub start` runs it, its webhooks on a
 *   free port, errors and warnings logged.
 * Both plugins and fakes are reached by path from their dist/ (built.ts): build them first. The
 * runs themselves are outbound-runs.ts's, shared with `pnpm bench:social`.
 *
 * Settings (environment, sms-settings.ts): BENCH_SMS_PLUGINS (sms-twilio,sms-smpp),
 * BENCH_SMS_MESSAGES (5000), BENCH_SMS_WARMUP (200), BENCH_SMS_REPLIES_PER_CASE (5),
 * BENCH_SMS_RAW_ROUNDS (3), BENCH_SMS_RAW_CONCURRENCY (the plugin's event concurrency, 32; not
 * for SMPP), BENCH_SMS_SMPP_WINDOW (10: SMPP_WINDOW of the plugin and the raw sender's window;
 * SMPP_THROUGHPUT is 10000, the most the plugin allows), BENCH_SMS_CALLBACKS (`off`: status
 * callbacks answered in the fake's process, no SMPP receipts; `plugin`: to the plugin's webhook,
 * a DELIVRD receipt per SMPP part), NATS_URL.
 * Exits non-zero only when something broke (a text lost, sent twice or refused, a delivery report
 * missing, a process crashed); a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, relative } from 'node:path';
import type { PluginDefinition } from '@casehub/plugin-sdk';
import { Child } from './child.js';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { freePort } from './free-port.js';
import { writeResults } from './report.js';
import { createEventStream, removeStreamsAtEnd } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { loadPluginExport, pluginHostEnv } from './built.js';
import { pluginRun, rawRun, SDK_CONCURRENCY, type OutboundSpec } from './outbound-runs.js';
import { startFake } from './provider-fake.js';
import { SMS_PROVIDERS } from './sms-providers.js';
import { msPerMessage } from './outbound-report.js';
import { printSmsSummary, type SmsProviderOutcome } from './sms-report.js';
import { SMS_TARGETS, smsSettings as s } from './sms-settings.js';
import { smsWorkload } from './sms-workload.js';

const RUN = randomBytes(4).toString('hex');
const TAG = `BENCH_${RUN}`;
/** The texts of the runs, and what the SMS fakes report. */
const SPEC: OutboundSpec = {
  messages: s.messages,
  warmup: s.warmup,
  rawRounds: s.rawRounds,
  natsUrl: s.natsUrl,
  workload: (tag, count) => smsWorkload(tag, count, s.repliesPerCase),
  rawLoad: (tag, messages) => ({ tag, messages, repliesPerCase: s.repliesPerCase }),
  // The SMSC files whole texts by destination, which SMPP writes without the `+`.
  recipientOf: (it) => it.case.contact!.phone!.replace(/^\+/, ''),
  callbacksToPlugin: s.callbacks === 'plugin',
  // Twilio's `sent` callback does not move a reply reported `sent`; `delivered` does.
  callbackStatus: 'delivered',
  reportsWithCallbacks: 2,
};

/** One plugin against its fake: the raw rounds, then the plugin run. */
async function benchProvider(name: string, i: number): Promise<SmsProviderOutcome> {
  const provider = SMS_PROVIDERS[name];
  const where = { stream: `${TAG}_SMS${i}`, prefix: `bench${RUN}s${i}.casehub` };
  const definition = await loadPluginExport<PluginDefinition<unknown>>(name, provider.definition);
  // In flight in the raw runs: the plugin's SMPP window for a windowed plugin, else its events.
  const concurrency = provider.windowed
    ? s.smppWindow
    : s.rawConcurrency || (definition.delivery?.concurrency ?? SDK_CONCURRENCY);
  await createEventStream(where.stream, where.prefix);
  const fake = await startFake(provider);
  const port = await freePort();
  const env = {
    NATS_URL: s.natsUrl,
    NATS_STREAM: where.stream,
    NATS_SUBJECT_PREFIX: where.prefix,
    ...provider.env(fake.env, port, concurrency),
  };
  log(
    `${name}: stream ${where.stream} (subjects ${where.prefix}.>), ${provider.fakeLabel} at pid ${fake.pid}`,
  );

  const raw = await Child.start(`raw ${name}`, provider.rawScript, env);
  log(
    `${name}: raw baseline, ${s.rawRounds} rounds of ${s.messages} texts, ${concurrency} ${provider.windowed ? 'submits unanswered (window)' : 'in flight'} ...`,
  );
  const rawOutcome = await rawRun(SPEC, raw, fake, concurrency);
  await raw.stop();

  const plugin = await Child.start(name, 'plugin-host.js', {
    ...env,
    ...pluginHostEnv(name, provider, 'quiet'),
  });
  const p = await pluginRun(SPEC, plugin, fake, where.stream, where.prefix);
  await plugin.stop();
  await fake.stop();
  const ratio = p.messagesPerSecond / rawOutcome.messagesPerSecond;
  return { plugin: name, raw: rawOutcome, pluginRun: p, ratio, pass: ratio >= SMS_TARGETS.ratio };
}

/** Runs the benchmark; returns what broke (nothing: exit status 0). */
async function main(): Promise<Broken> {
  const started = new Date();
  const cpus = os.cpus().length;
  log(
    `settings: ${s.plugins.join(', ')}; ${s.messages} texts (+${s.warmup} warm-up), ${s.repliesPerCase} replies per case, ` +
      `raw ${s.rawRounds} rounds, callbacks ${s.callbacks}; ${cpus} CPUs`,
  );
  removeStreamsAtEnd(TAG);
  const outcomes: SmsProviderOutcome[] = [];
  for (const [i, name] of s.plugins.entries()) outcomes.push(await benchProvider(name, i + 1));

  printSmsSummary(started, outcomes, cpus);
  const file = await writeResults(
    join(REPO_ROOT, 'bench/results'),
    started,
    {
      ...runInfo('sms', started),
      settings: s,
      targets: SMS_TARGETS,
      plugins: Object.fromEntries(
        outcomes.map((o) => [
          o.plugin,
          {
            ...o,
            cpuMsPerMessage: {
              plugin: msPerMessage(o.pluginRun, 'plugin'),
              fake: msPerMessage(o.pluginRun, 'fake'),
              nats: msPerMessage(o.pluginRun, 'nats'),
              raw: msPerMessage(o.raw, 'raw'),
              rawFake: msPerMessage(o.raw, 'fake'),
              rawNats: msPerMessage(o.raw, 'nats'),
            },
          },
        ]),
      ),
      pass: Object.fromEntries(outcomes.map((o) => [o.plugin, o.pass])),
    },
    'sms',
  );
  console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/sms-latest.json)`);

  return outcomes.flatMap(({ plugin: name, raw, pluginRun: p }) => [
    raw.errors > 0 && `${name} raw client: ${raw.errors} sends failed`,
    raw.notOnce > 0 && `${name} raw client: ${raw.notOnce} texts not at the fake exactly once`,
    p.missing > 0 && `${name}: ${p.missing} replies never reached the fake`,
    (p.duplicates > 0 || p.extra > 0) &&
      `${name}: the plugin sent ${p.duplicates + p.extra} texts too many`,
    (p.refused > 0 || p.resent > 0) &&
      `${name}: the fake refused ${p.refused} sends (${p.resent} texts sent again)`,
    p.deliveryReports[p.expectedStatus] !== p.messages &&
      `${name}: delivery reports: ${p.deliveryReports[p.expectedStatus]} "${p.expectedStatus}" of ${p.messages}`,
    p.deadLetters > 0 && `${name}: ${p.deadLetters} events dead-lettered`,
  ]);
}

await runBenchmark(main);
