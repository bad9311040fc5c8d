/** The readable summary of `pnpm bench:intake`. */
import os from 'node:os';
import type { CpuFigures } from './cpu.js';
import type { LoadResult } from './load.js';
import { TARGETS } from './intake-settings.js';

export interface IntakeRun {
  name: string;
  result: LoadResult;
  cpu: CpuFigures;
  rss: { maxMb: number; lastMb: number };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const PARTS = ['core', 'cli', 'postgres', 'nats', 'client'] as const;

/** CPU ms each part spent per operation (from % of one CPU and operations/s). */
const perOp = (c: CpuFigures, ops: number) =>
  ops > 0 ? PARTS.map((k) => (((c[k] ?? 0) * 10) / ops).toFixed(2)).join(' / ') : 'n/a';

const TITLES: Record<string, string> = {
  plain: 'HTTP intake, no contact (a case row + its outbox row, as the baseline)',
  'new-contact': 'HTTP intake, a new contact (and its identity) and a tag per case',
  'same-contact': 'HTTP intake, one contact opening every case, a tag per case',
  raw: 'Raw pg baseline: BEGIN; nextval; INSERT case; INSERT outbox; COMMIT',
};

export function printIntake(o: {
  started: Date;
  settings: { concurrency: number; seconds: number };
  runs: IntakeRun[];
  ratios: number[];
  pass: {
    ratio: boolean;
    p99: boolean;
    newContactRatio: boolean;
    sameContactRatio: boolean;
    rss: boolean;
  };
  idle: { lastMb: number };
  rssMax: number;
  drains: Record<string, number | null>;
  tplBytes: number;
  outbox: number;
  inStream: number | null;
  logLines: number;
}): void {
  const rows: [string, string][] = [];
  for (const r of o.runs) {
    const l = r.result.latency;
    rows.push(
      [TITLES[r.name] ?? r.name, ''],
      [`  ${r.name === 'raw' ? 'transactions' : 'cases'}/s`, f1(r.result.opsPerSecond)],
      [
        '  latency p50 / p90 / p99 / max ms',
        `${f2(l.p50Ms)} / ${f2(l.p90Ms)} / ${f2(l.p99Ms)} / ${f2(l.maxMs)}`,
      ],
      [
        '  errors (measured / warm-up)',
        `${r.result.errors.total} / ${r.result.warmupErrors.total}`,
      ],
      [
        '  CPU ms per case: core / cli / postgres / nats / client',
        perOp(r.cpu, r.result.opsPerSecond),
      ],
      [
        '  machine busy / others (% of one CPU)',
        `${f1(r.cpu.machineBusyPct)}% / ${f1(r.cpu.others ?? 0)}%`,
      ],
      ['  core RSS max MB', f1(r.rss.maxMb)],
      [
        '  outbox drained after the run in',
        o.drains[r.name] === null ? 'timed out' : `${f2(o.drains[r.name]!)} s`,
      ],
    );
  }
  rows.push(
    ['Targets', ''],
    ['  intake / raw', `${f2(o.ratios[0])}  (target >= ${TARGETS.ratio})  ${mark(o.pass.ratio)}`],
    [
      '  intake p99',
      `${f2(o.runs[0].result.latency.p99Ms)} ms  (target < ${TARGETS.p99Ms} ms)  ${mark(o.pass.p99)}`,
    ],
    [
      '  intake with a new contact / raw',
      `${f2(o.ratios[1])}  (target >= ${TARGETS.contactRatio})  ${mark(o.pass.newContactRatio)}`,
    ],
    [
      '  intake by one contact / raw',
      `${f2(o.ratios[2])}  (target >= ${TARGETS.contactRatio})  ${mark(o.pass.sameContactRatio)}`,
    ],
    [
      '  core RSS max (idle MB)',
      `${f1(o.rssMax)} MB (${f1(o.idle.lastMb)})  (target <= ${TARGETS.rssMb} MB)  ${mark(o.pass.rss)}`,
    ],
    ['Events', ''],
    ['  outbox rows / in the stream', `${o.outbox} / ${o.inStream ?? 'n/a'}`],
    ['  event payload bytes (case.created)', String(o.tplBytes)],
    ['  lines the hub logged', String(o.logLines)],
  );
  const w = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub intake benchmark  ${o.started.toISOString()}  (${o.settings.concurrency} clients, ${o.settings.seconds} s measured, ${os.cpus().length} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(w + 40));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(w + 40));
  for (const r of o.runs)
    for (const [kind, e] of r.result.errors.byKind)
      console.log(`  ${r.name} error: ${kind} x${e.count}: ${e.sample}`);
  const busiest = Math.max(...o.runs.map((r) => r.cpu.others ?? 0));
  if (busiest > 25)
    console.log(
      `  warning: other processes took up to ${f1(busiest)}% of a CPU meanwhile: run it again`,
    );
}
