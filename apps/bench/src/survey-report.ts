/** The readable summary of `pnpm bench:survey` (the JSON goes through report.ts writeResults). */
import type { CpuFigures } from './cpu.js';
import type { OpenLoadOutcome } from './open-load.js';
import type { Percentiles } from './stats.js';
import { SURVEY_TARGETS, surveySettings as s } from './survey-settings.js';
import type { DurabilityCheck } from './survey-workload.js';

/** One server under one kind of request. */
export interface RunFigures extends OpenLoadOutcome {
  cpu: CpuFigures;
  /** CPU of the server's process per answered request (ms). */
  serverCpuMsPerRequest: number;
}

export interface PhaseOutcome {
  survey: RunFigures;
  baseline: RunFigures;
  /** survey / baseline. */
  ratios: { throughput: number; p99: number; cpuPerRequest: number };
  /** p99 < target at the target rate, the rate held, every request answered as expected. */
  pass: boolean;
}

export interface SurveyOutcome {
  get: PhaseOutcome;
  post: PhaseOutcome;
  durability: Record<'survey' | 'baseline', DurabilityCheck>;
  pageBytes: number;
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pcts = (p: Percentiles) =>
  `${f2(p.p50Ms)} / ${f2(p.p95Ms)} / ${f2(p.p99Ms)} / ${f2(p.maxMs)}`;
const cpuLine = (c: CpuFigures, parts: string[]) =>
  parts.map((k) => `${k} ${f0(c[k] ?? 0)}%`).join(', ') +
  ` (machine ${f0(c.machineBusyPct)}% busy)`;
const statuses = (r: OpenLoadOutcome) =>
  Object.entries(r.statuses)
    .map(([k, v]) => `${k} x${v}`)
    .join(', ');

export function phasePass(r: RunFigures): boolean {
  return (
    s.rate >= SURVEY_TARGETS.rate &&
    r.latency.p99Ms < SURVEY_TARGETS.p99Ms &&
    r.unexpected === 0 &&
    r.answeredPerSecond >= 0.98 * s.rate
  );
}

function phaseRows(p: PhaseOutcome, server: 'survey' | 'baseline'): [string, string][] {
  const r = p[server];
  const who = server === 'survey' ? 'survey plugin' : 'raw node:http baseline';
  return [
    [
      `  ${who}: answered/s (of ${f0(r.requests)} due)`,
      `${f1(r.answeredPerSecond)}, ${statuses(r)}`,
    ],
    ['    due → answered p50 / p95 / p99 / max ms', pcts(r.latency)],
    ['    sent → answered p50 / p99 ms', `${f2(r.service.p50Ms)} / ${f2(r.service.p99Ms)}`],
    [
      '    CPU, % of one CPU',
      cpuLine(r.cpu, [server === 'survey' ? 'survey' : 'baseline', 'nats', 'bench', 'others']),
    ],
    ['    server CPU per request', `${f2(r.serverCpuMsPerRequest)} ms`],
    ...Object.entries(r.errors).map(([k, e]): [string, string] => [
      `    error ${k} x${e.count}`,
      e.sample,
    ]),
  ];
}

export function printSurveySummary(started: Date, o: SurveyOutcome, cpus: number): void {
  const rows: [string, string][] = [];
  const phases: [string, PhaseOutcome][] = [
    [`GET /s/<token>?score=N&lang=… (the page, ${f0(o.pageBytes)} bytes)`, o.get],
    ['POST /s/<token> (score, CES, comment: published and acknowledged, then 303)', o.post],
  ];
  for (const [title, p] of phases) {
    rows.push([title, ''], ...phaseRows(p, 'survey'), ...phaseRows(p, 'baseline'), [
      '  survey / baseline: throughput, p99, CPU per request',
      `${f2(p.ratios.throughput)}, ${f2(p.ratios.p99)}, ${f2(p.ratios.cpuPerRequest)}`,
    ]);
  }
  const d = o.durability;
  const durable = (x: DurabilityCheck) =>
    x.missing === 0
      ? `yes (${x.acknowledged} answers acknowledged, ${x.events} events${x.extra ? `, ${x.extra} of answers not acknowledged or published twice` : ''})`
      : `NO: ${x.missing} of ${x.acknowledged} acknowledged answers not in the stream (${x.events} events)`;
  rows.push(
    ['Every answer acknowledged with a 303 is in the stream', ''],
    ['  survey plugin', durable(d.survey)],
    ['  baseline', durable(d.baseline)],
    [`Targets: p99 < ${SURVEY_TARGETS.p99Ms} ms at ${SURVEY_TARGETS.rate} requests/s`, ''],
  );
  for (const [name, p] of [
    ['GET', o.get],
    ['POST', o.post],
  ] as const) {
    const verdict =
      s.rate < SURVEY_TARGETS.rate
        ? `not judged (rate ${s.rate} below ${SURVEY_TARGETS.rate})`
        : p.pass
          ? 'PASS'
          : 'MISS';
    rows.push([
      `  survey ${name} p99 at ${f1(p.survey.answeredPerSecond)}/s`,
      `${f2(p.survey.latency.p99Ms)} ms (baseline ${f2(p.baseline.latency.p99Ms)} ms)  ${verdict}`,
    ]);
  }
  const w = Math.max(...rows.filter(([, v]) => v).map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub survey page benchmark  ${started.toISOString()}  (${s.rate} requests/s open loop, ${s.warmupSeconds} s warm-up + ${s.seconds} s measured per run, ${s.surveys} surveys, ${s.connections} connections at most, ${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(Math.min(160, w + 70)));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(Math.min(160, w + 70)));
  const runs = [o.get.survey, o.get.baseline, o.post.survey, o.post.baseline];
  const busy = Math.max(...runs.map((r) => r.cpu.others ?? 0));
  if (busy > 25)
    console.log(
      `  warning: other processes took up to ${f0(busy)}% of a CPU meanwhile: the figures are skewed, run it again`,
    );
  const lag = Math.max(...runs.map((r) => r.sendLag.p99Ms));
  if (lag > 5)
    console.log(
      `  warning: the load generator sent requests up to ${f1(lag)} ms late (p99): it is short of CPU itself`,
    );
}
