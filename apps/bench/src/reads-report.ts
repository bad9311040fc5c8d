/** The readable summary of `pnpm bench:reads` (its JSON goes to bench/results/ as it is). */
import os from 'node:os';
import type { CpuFigures } from './cpu.js';
import type { LatencySummary } from './latency.js';

interface Side {
  perSecond: number;
  latencyMs: LatencySummary;
  errors: number;
  cpu: CpuFigures;
}

export interface KindOutcome {
  name: string;
  what: string;
  /** The core found what the baseline found (first instance, compared before measuring). */
  sameAnswer: boolean;
  answerSample: { core: string; baseline: string } | null;
  core: Side & { rssMaxMb: number };
  baseline: Side;
  baselinePlan: string[];
}

export interface StageOutcome {
  cases: number;
  kinds: KindOutcome[];
}

const TARGETS = { p99Ms: 50, rssMb: 200 };
const f1 = (n: number) => n.toFixed(1);
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

export function printReads(
  started: Date,
  r: {
    stages: StageOutcome[];
    seeding: { cases: number; seconds: number }[];
    coreRssMaxMb: number;
    settings: { concurrency: number; seconds: number };
  },
): void {
  console.log('');
  console.log(
    `CaseHub reads benchmark  ${started.toISOString()}  (${r.settings.concurrency} clients, ${r.settings.seconds} s measured per read, ${os.cpus().length} CPUs, node ${process.version})`,
  );
  for (const s of r.stages) {
    const seed = r.seeding.find((x) => x.cases === s.cases);
    console.log('');
    console.log(`${s.cases.toLocaleString('en')} cases (seeded in ${f1(seed?.seconds ?? 0)} s)`);
    const rows = [
      [
        'read',
        'core req/s',
        'p50 ms',
        'p99 ms',
        'pg q/s',
        'p50 ms',
        'p99 ms',
        'core/pg',
        'core CPU',
        'p99 < 50',
      ],
      ...s.kinds.map((x) => [
        x.name + (x.sameAnswer ? '' : ' (!)'),
        f1(x.core.perSecond),
        f1(x.core.latencyMs.p50Ms),
        f1(x.core.latencyMs.p99Ms),
        f1(x.baseline.perSecond),
        f1(x.baseline.latencyMs.p50Ms),
        f1(x.baseline.latencyMs.p99Ms),
        (x.core.perSecond / Math.max(1e-9, x.baseline.perSecond)).toFixed(2),
        `${f1(x.core.cpu.core ?? 0)}%`,
        mark(x.core.latencyMs.p99Ms < TARGETS.p99Ms),
      ]),
    ];
    printTable(rows);
  }
  if (r.stages.length > 1) {
    console.log('');
    console.log('Growth: core p99 ms');
    printTable([
      ['read', ...r.stages.map((s) => k(s.cases)), 'p99 < 50 at all'],
      ...r.stages[0].kinds.map((x) => {
        const at = r.stages.map(
          (s) => s.kinds.find((y) => y.name === x.name)?.core.latencyMs.p99Ms ?? NaN,
        );
        return [x.name, ...at.map(f1), mark(at.every((p) => p < TARGETS.p99Ms))];
      }),
    ]);
  }
  console.log('');
  console.log(
    `core RSS max while measured: ${f1(r.coreRssMaxMb)} MB (target <= ${TARGETS.rssMb} MB)  ${mark(r.coreRssMaxMb <= TARGETS.rssMb)}`,
  );
  for (const s of r.stages)
    for (const x of s.kinds) {
      if (x.answerSample)
        console.log(
          `  ${k(s.cases)} ${x.name}: answers differ: core ${x.answerSample.core} / pg ${x.answerSample.baseline}`,
        );
      if (x.core.errors)
        console.log(`  ${k(s.cases)} ${x.name}: ${x.core.errors} core request(s) failed`);
    }
  console.log(
    'core/pg: requests per second through the core over the same query per second through pg.',
  );
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    console.log(
      '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
    );
}
