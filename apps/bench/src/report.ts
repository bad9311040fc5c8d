/** The readable summary of `pnpm bench:events` and its JSON file under bench/results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CpuFigures } from './cpu.js';
import type { FanoutOutcome } from './fanout-run.js';
import type { LatencyOutcome } from './latency-run.js';
import type { RelayOutcome } from './relay-run.js';
import type { Percentiles } from './stats.js';
import { settings, TARGETS } from './settings.js';

export interface Pass {
  p99Ratio: boolean;
  cpuPerDeliveryRatio: boolean;
  relayRatio: boolean;
}

/** One rate and plugin count: the plugin path beside the raw fan-out measured just before it. */
export interface Scenario {
  plugins: number;
  processes: number;
  rate: number;
  raw: FanoutOutcome;
  latency: LatencyOutcome;
  /** Plugin path / raw fan-out. */
  ratios: { p99: number; cpuPerDelivery: number };
  pass: { p99Ratio: boolean; cpuPerDeliveryRatio: boolean };
}

export function judge(s: Omit<Scenario, 'ratios' | 'pass'>): Scenario {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Infinity);
  const ratios = {
    p99: ratio(s.latency.commitToHandler.p99Ms, s.raw.publishToHandler.p99Ms),
    cpuPerDelivery: ratio(s.latency.cpuPerDeliveryMs, s.raw.cpuPerDeliveryMs),
  };
  return {
    ...s,
    ratios,
    pass: {
      p99Ratio: ratios.p99 <= TARGETS.p99Ratio,
      cpuPerDeliveryRatio: ratios.cpuPerDelivery <= TARGETS.cpuPerDeliveryRatio,
    },
  };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const pcts = (p: Percentiles) =>
  `${f2(p.p50Ms)} / ${f2(p.p95Ms)} / ${f2(p.p99Ms)} / ${f2(p.maxMs)}`;
const cpuLine = (c: CpuFigures, parts: string[]) =>
  parts.map((k) => `${k} ${f1(c[k] ?? 0)}%`).join(', ') +
  ` (machine ${f1(c.machineBusyPct)}% busy)`;

function scenarioRows(s: Scenario): [string, string][] {
  const l = s.latency;
  const r = s.raw;
  return [
    [`${s.plugins} plugins in ${s.processes} process(es) at ${s.rate} events/s`, ''],
    [
      '  raw fan-out: messages/s, publish-to-consumer p50 / p95 / p99 / max ms',
      `${f1(r.messagesPerSecond)}, ${pcts(r.publishToHandler)}`,
    ],
    [
      '  raw fan-out: consumer CPU per delivery ms (deliveries)',
      `${f3(r.cpuPerDeliveryMs)} (${r.deliveriesInWindow})`,
    ],
    [
      '  raw fan-out CPU, % of one CPU',
      cpuLine(r.cpu, ['consumers', 'publisher', 'nats', 'others']),
    ],
    [
      '  plugins: events/s achieved, commit-to-handler p50 / p95 / p99 / max ms',
      `${f1(l.eventsPerSecond)}, ${pcts(l.commitToHandler)}`,
    ],
    [
      '  plugins: commit-to-stored (relay) p50 / p99, stored-to-handler p50 / p99 ms',
      `${f2(l.commitToStored.p50Ms)} / ${f2(l.commitToStored.p99Ms)}, ${f2(l.storedToHandler.p50Ms)} / ${f2(l.storedToHandler.p99Ms)}`,
    ],
    [
      '  plugins: CPU per delivery ms (deliveries)',
      `${f3(l.cpuPerDeliveryMs)} (${l.deliveriesInWindow})`,
    ],
    [
      '  plugins: until all had it p50 / p99 ms',
      `${f2(l.commitToAllPlugins.p50Ms)} / ${f2(l.commitToAllPlugins.p99Ms)}`,
    ],
    ...Object.entries(l.perEventType).map(([t, x]): [string, string] => [
      `  plugins: ${t} p50 / p99 ms`,
      `${f2(x.p50Ms)} / ${f2(x.p99Ms)}`,
    ]),
    [
      '  plugins: commit itself p50 / p99 ms, done after the last commit (s)',
      `${f2(l.commit.p50Ms)} / ${f2(l.commit.p99Ms)}, ${f2(l.drainSeconds)}`,
    ],
    ['  plugins: events due but not begun at the end (core behind)', String(l.eventsNotStarted)],
    [
      '  plugin run CPU, % of one CPU',
      cpuLine(l.cpu, ['core', 'plugins', 'nats', 'postgres', 'bench', 'others']),
    ],
    [
      '  every event to every plugin exactly once',
      l.exactlyOnce
        ? `yes (${l.eventsTotal} events x ${l.deliveries.length} plugins)`
        : `NO: ${l.deliveries.map((d) => `${d.plugin} ${d.received}/${d.expected}, ${d.missing} missing, ${d.duplicates} twice, ${d.unexpected} unknown`).join('; ')}`,
    ],
    [
      '  p99 plugins / raw',
      `${f2(s.ratios.p99)}  (target <= ${TARGETS.p99Ratio})  ${mark(s.pass.p99Ratio)}`,
    ],
    [
      '  CPU per delivery plugins / raw',
      `${f2(s.ratios.cpuPerDelivery)}  (target <= ${TARGETS.cpuPerDeliveryRatio})  ${mark(s.pass.cpuPerDeliveryRatio)}`,
    ],
  ];
}

/** How p99 and CPU per delivery grow with the number of plugins, per rate. */
function growthRows(scenarios: Scenario[]): [string, string][] {
  const rows: [string, string][] = [
    ['Growth with the number of plugins (p99 ms, CPU per delivery ms: plugins | raw)', ''],
  ];
  for (const rate of [...new Set(scenarios.map((s) => s.rate))]) {
    for (const s of scenarios.filter((x) => x.rate === rate))
      rows.push([
        `  ${rate} events/s, ${s.plugins} plugins`,
        `p99 ${f1(s.latency.commitToHandler.p99Ms)} (stored-to-handler ${f1(s.latency.storedToHandler.p99Ms)}) | ${f1(s.raw.publishToHandler.p99Ms)}, ` +
          `CPU ${f3(s.latency.cpuPerDeliveryMs)} | ${f3(s.raw.cpuPerDeliveryMs)}`,
      ]);
  }
  return rows;
}

export function printSummary(
  started: Date,
  scenarios: Scenario[],
  r: RelayOutcome,
  pass: Pass,
  cpus: number,
): void {
  const rows: [string, string][] = [
    ['Commit-to-handler vs raw fan-out (events committed or published in the measured window)', ''],
    ...scenarios.flatMap(scenarioRows),
    ...growthRows(scenarios),
    ['Outbox relay vs raw JetStream publish (same events, fresh streams)', ''],
    [
      '  events, payload bytes mean / max',
      `${r.relay.events}, ${f1(r.payloadBytes.mean)} / ${r.payloadBytes.max}`,
    ],
    [
      '  relay events/s (held relay let go → last stored)',
      `${f1(r.relay.eventsPerSecond)} in ${f2(r.relay.seconds)} s`,
    ],
    ['  relay CPU', cpuLine(r.relay.cpu, ['core', 'nats', 'postgres', 'others'])],
    [
      `  raw events/s (js.publish, ${r.raw.window} in flight; median of ${r.raw.rounds.length})`,
      `${f1(r.raw.eventsPerSecond)} in ${f2(r.raw.seconds)} s (rounds: ${r.raw.rounds.map((x) => x.toFixed(0)).join(', ')})`,
    ],
    ['  raw CPU (median round)', cpuLine(r.raw.cpu, ['publisher', 'nats', 'others'])],
    ['Targets', ''],
    [
      `  commit-to-handler p99 <= ${TARGETS.p99Ratio} x raw fan-out, every run`,
      mark(pass.p99Ratio),
    ],
    [
      `  plugin CPU per delivery <= ${TARGETS.cpuPerDeliveryRatio} x raw consumer, every run`,
      mark(pass.cpuPerDeliveryRatio),
    ],
    [
      '  relay / raw',
      `${f2(r.ratio)}  (target >= ${TARGETS.relayRatio})  ${mark(pass.relayRatio)}`,
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub events benchmark  ${started.toISOString()}  (${settings.seconds} s measured per run, ${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(w + 60));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(w + 60));
  for (const s of scenarios)
    for (const [kind, e] of Object.entries(s.latency.commitErrors))
      console.log(`  commit error: ${kind} x${e.count}: ${e.sample}`);
  const busy = Math.max(
    ...scenarios.flatMap((s) => [s.latency.cpu.others ?? 0, s.raw.cpu.others ?? 0]),
    r.relay.cpu.others ?? 0,
    r.raw.cpu.others ?? 0,
  );
  if (busy > 25)
    console.log(
      `  warning: other processes took up to ${f1(busy)}% of a CPU meanwhile: the figures are skewed, run it again`,
    );
  if (r.relay.outboxPendingAfter !== 0)
    console.log(
      `  warning: ${r.relay.outboxPendingAfter} outbox rows still unpublished after the relay run`,
    );
}

/** Writes `<benchmark>-<timestamp>.json` and `<benchmark>-latest.json` under `dir`. */
export async function writeResults(
  dir: string,
  started: Date,
  results: object,
  benchmark = 'events',
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${benchmark}-${started.toISOString().replace(/:/g, '-')}.json`);
  const json = JSON.stringify(results, null, 2) + '\n';
  await writeFile(file, json);
  await writeFile(join(dir, `${benchmark}-latest.json`), json);
  return file;
}
