/**
 * `pnpm bench:events`: commit-to-handler latency at fixed event rates with several plugins
 * subscribed, each run beside a raw fan-out baseline (a bare JetStream publisher at the same rate,
 * as many ack-only durable consumers in as many processes), and the outbox relay's throughput
 * beside raw JetStream publishing, in one run.
 *
 * Processes (the 2 CPUs of the reference machine are shared by all of them, PostgreSQL and NATS):
 * - this one orchestrates: creates a fresh database (casehub_bench_<run>) and isolated streams
 *   and subject prefixes (BENCH_<run>*, bench<run>*.casehub), measures, cleans up;
 * - the built core in a child (core-driver.ts): the whole Nest application in process, without
 *   its HTTP listener; commits go through its CasesService, so each commit nudges its relay as
 *   an API call would. HTTP is left out on purpose: `bench:intake` measures it, and at 1,000
 *   requests/s it would take most of 2 CPUs by itself;
 * - the plugins bench-r<run>-1 … -5, each its own durable consumer on the SDK's JetStreamTransport,
 *   by default one process per plugin, as `casehub start` runs them. BENCH_PLUGIN_PROCESSES=1
 *   puts all in one process: on 2 CPUs that used half the plugins' CPU and cut p50 about
 *   threefold at 200 events/s (each process wakes up for every event), but it is not how
 *   plugins are deployed;
 * - the raw fan-out's publisher and consumers (fanout-publisher.ts, fanout-consumer.ts);
 * - the raw publisher (raw-publisher.ts) for the relay's baseline.
 *
 * Settings (environment): BENCH_RATE (events/s, a list: 300,1000), BENCH_PLUGINS (a list: 5,10;
 * every count runs at every rate), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2),
 * BENCH_PLUGIN_PROCESSES (one per plugin), BENCH_RELAY_EVENTS (40000),
 * BENCH_PG_URL (TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/test: a database to run
 * CREATE DATABASE from), NATS_URL (nats://127.0.0.1:4222).
 * Exits non-zero only when something broke (a commit failed, an event was lost or handled twice,
 * a process crashed); a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, relative } from 'node:path';
import { Child } from './child.js';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { coreEnv } from './core-env.js';
import { fanoutRun } from './fanout-run.js';
import { latencyRun } from './latency-run.js';
import { createRawStreams, prefillOutbox, relayRun, type Streams } from './relay-run.js';
import { judge, printSummary, writeResults, type Scenario } from './report.js';
import { createDatabase, createEventStream, removeStreamsAtEnd } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { processesFor, settings, TARGETS } from './settings.js';

const RUN = randomBytes(4).toString('hex');
const TAG = `BENCH_${RUN}`;
const STREAMS: Streams = {
  latencyPrefix: `bench${RUN}.casehub`,
  relay: { stream: `${TAG}_RELAY`, prefix: `bench${RUN}r.casehub` },
  raw: [1, 2, 3].map((i) => ({ stream: `${TAG}_RAW${i}`, prefix: `bench${RUN}w${i}.casehub` })),
};
const FANOUT = { stream: `${TAG}_FANOUT`, prefix: `bench${RUN}f.casehub` };

/** `plugins` plugins named after the run, shared out over their processes. */
async function startPlugins(run: number, plugins: number): Promise<Child[]> {
  const names = Array.from({ length: plugins }, (_, i) => `bench-r${run}-${i + 1}`);
  const processes = processesFor(plugins);
  const per = plugins / processes;
  return Promise.all(
    Array.from({ length: processes }, (_, i) => {
      const mine = names.slice(i * per, (i + 1) * per);
      return Child.start(mine.length === 1 ? mine[0] : `plugins-${i + 1}`, 'plugins.js', {
        BENCH_PLUGIN_NAMES: mine.join(','),
        NATS_URL: settings.natsUrl,
        NATS_STREAM: TAG,
        NATS_SUBJECT_PREFIX: STREAMS.latencyPrefix,
      });
    }),
  );
}

/** Runs the benchmark; returns what broke (nothing: exit status 0). */
async function main(): Promise<Broken> {
  const started = new Date();
  const cpus = os.cpus().length;
  const plan = settings.plugins.flatMap((plugins) =>
    settings.rates.map((rate) => ({ plugins, rate })),
  );
  log(
    `settings: ${plan.map((p) => `${p.plugins} plugins at ${p.rate} events/s`).join(', ')}; ` +
      `${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured each, ${settings.relayEvents} events for the relay, ${cpus} CPUs`,
  );
  const databaseUrl = await createDatabase(`casehub_bench_${RUN}`);
  removeStreamsAtEnd(TAG);
  log(`database casehub_bench_${RUN}, NATS streams ${TAG}* (subjects bench${RUN}*.casehub.>)`);
  await createEventStream(FANOUT.stream, FANOUT.prefix);

  let core = await Child.start(
    'core',
    'core-driver.js',
    coreEnv(databaseUrl, TAG, STREAMS.latencyPrefix, true),
  );
  const scenarios: Scenario[] = [];
  for (const [i, { plugins, rate }] of plan.entries()) {
    const processes = processesFor(plugins);
    log(
      `run ${i + 1}/${plan.length}: raw fan-out, ${plugins} consumers in ${processes} process(es) at ${rate}/s ...`,
    );
    const raw = await fanoutRun({ ...FANOUT, tag: `fan-r${i + 1}` }, rate, plugins, processes);
    const procs = await startPlugins(i + 1, plugins);
    log(`run ${i + 1}/${plan.length}: ${plugins} plugins at ${rate} events/s ...`);
    const latency = await latencyRun(core, procs, { rate, plugins });
    for (const p of procs) await p.stop();
    scenarios.push(judge({ plugins, processes, rate, raw, latency }));
  }
  await core.stop();

  log(`filling the outbox with ${settings.relayEvents} events, relay held ...`);
  const payloadBytes = await prefillOutbox(databaseUrl, STREAMS, settings.relayEvents);
  core = await Child.start(
    'core',
    'core-driver.js',
    coreEnv(databaseUrl, STREAMS.relay.stream, STREAMS.relay.prefix, false),
  );
  await createRawStreams(STREAMS);
  const rawPublisher = await Child.start('raw', 'raw-publisher.js', {
    DATABASE_URL: databaseUrl,
    NATS_URL: settings.natsUrl,
    BENCH_FROM_PREFIX: STREAMS.relay.prefix,
  });
  const relay = await relayRun(
    core,
    rawPublisher,
    STREAMS,
    databaseUrl,
    settings.relayEvents,
    payloadBytes,
  );
  await rawPublisher.stop();
  await core.stop();

  const pass = {
    p99Ratio: scenarios.every((s) => s.pass.p99Ratio),
    cpuPerDeliveryRatio: scenarios.every((s) => s.pass.cpuPerDeliveryRatio),
    relayRatio: relay.ratio >= TARGETS.relayRatio,
  };
  printSummary(started, scenarios, relay, pass, cpus);
  const file = await writeResults(join(REPO_ROOT, 'bench/results'), started, {
    ...runInfo('events', started),
    settings: { ...settings, pgAdminUrl: undefined },
    targets: TARGETS,
    scenarios,
    relay,
    pass,
  });
  console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/events-latest.json)`);

  const commitErrors = scenarios.reduce(
    (n, s) => n + Object.values(s.latency.commitErrors).reduce((a, e) => a + e.count, 0),
    0,
  );
  const broken = [
    commitErrors > 0 && `${commitErrors} commit(s) failed`,
    scenarios.some((s) => !s.latency.exactlyOnce) &&
      'not every event reached every plugin exactly once',
    scenarios.some((s) => !s.raw.exactlyOnce || s.raw.publishErrors > 0) &&
      'the raw fan-out lost, doubled or failed to publish messages',
    relay.relay.outboxPendingAfter !== 0 && 'the relay left events unpublished',
    relay.raw.duplicates > 0 && 'the raw baseline saw duplicates',
  ];
  return broken;
}

await runBenchmark(main);
