/** The readable summary of `pnpm bench:events` and its JSON file under bench/results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CpuFigures } from './cpu.js';
import type { LatencyOutcome } from './latency-run.js';
import type { RelayOutcome } from './relay-run.js';
import type { Percentiles } from './stats.js';
import { settings, TARGETS } from './settings.js';

export interface Pass {
  p99: boolean;
  relayRatio: boolean;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const pcts = (p: Percentiles) =>
  `${f2(p.p50Ms)} / ${f2(p.p95Ms)} / ${f2(p.p99Ms)} / ${f2(p.maxMs)}`;
const cpuLine = (c: CpuFigures, parts: string[]) =>
  parts.map((k) => `${k} ${f1(c[k] ?? 0)}%`).join(', ') +
  ` (machine ${f1(c.machineBusyPct)}% busy)`;

export function printSummary(
  started: Date,
  l: LatencyOutcome,
  r: RelayOutcome,
  pass: Pass,
  cpus: number,
): void {
  const rows: [string, string][] = [
    [
      `Commit-to-handler, ${settings.plugins} plugins (events committed in the measured window)`,
      '',
    ],
    ['  target rate / achieved events/s', `${settings.rate} / ${f1(l.eventsPerSecond)}`],
    ['  commits/s (1.25 events per commit)', f1(l.commitsPerSecond)],
    ['  events due but not begun at the end (core behind)', String(l.eventsNotStarted)],
    ['  plugins done after the last commit (s)', f2(l.drainSeconds)],
    ['  latency p50 / p95 / p99 / max ms', pcts(l.commitToHandler)],
    ['  deliveries measured', String(l.commitToHandler.count)],
    ['  until all plugins had it p50 / p95 / p99 / max', pcts(l.commitToAllPlugins)],
    ...Object.entries(l.perPlugin).map(([p, x]): [string, string] => [
      `  ${p} p50 / p99 ms`,
      `${f2(x.p50Ms)} / ${f2(x.p99Ms)}`,
    ]),
    ...Object.entries(l.perEventType).map(([t, x]): [string, string] => [
      `  ${t} p50 / p99 ms`,
      `${f2(x.p50Ms)} / ${f2(x.p99Ms)}`,
    ]),
    ['  commit itself p50 / p95 / p99 / max ms', pcts(l.commit)],
    [
      '  issued late vs schedule p99 / max ms',
      `${f2(l.scheduleLag.p99Ms)} / ${f2(l.scheduleLag.maxMs)}`,
    ],
    [
      '  CPU, % of one CPU',
      cpuLine(l.cpu, ['core', 'plugins', 'nats', 'postgres', 'bench', 'others']),
    ],
    [
      '  every event to every plugin exactly once',
      l.exactlyOnce
        ? `yes (${l.eventsTotal} events x ${l.deliveries.length} plugins)`
        : `NO: ${l.deliveries.map((d) => `${d.plugin} ${d.received}/${d.expected}, ${d.missing} missing, ${d.duplicates} twice, ${d.unexpected} unknown`).join('; ')}`,
    ],
    [
      '  clock offsets of the children ms',
      Object.entries(l.clockOffsetsMs)
        .map(([k, o]) => `${k} ${f2(o.offset)}±${f2(o.bound)}`)
        .join(', '),
    ],
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
      '  commit-to-handler p99',
      `${f2(l.commitToHandler.p99Ms)} ms  (target < ${TARGETS.p99Ms} ms)  ${mark(pass.p99)}`,
    ],
    [
      '  relay / raw',
      `${f2(r.ratio)}  (target >= ${TARGETS.relayRatio})  ${mark(pass.relayRatio)}`,
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub events benchmark  ${started.toISOString()}  (${settings.plugins} plugins in ${settings.pluginProcesses} process(es), ${settings.seconds} s measured, ${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(w + 50));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(w + 50));
  for (const [kind, e] of Object.entries(l.commitErrors))
    console.log(`  commit error: ${kind} x${e.count}: ${e.sample}`);
  const busy = Math.max(l.cpu.others ?? 0, r.relay.cpu.others ?? 0, r.raw.cpu.others ?? 0);
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
