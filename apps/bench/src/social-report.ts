/** The readable summary of `pnpm bench:social` (the JSON goes through report.ts writeResults). */
import { allOnce, cpuLine, f0, f2, f3, msPerMessage } from './outbound-report.js';
import type { PluginOutcome, RawOutcome } from './outbound-runs.js';
import type { IntakeFigures, RawIntakeOutcome } from './social-intake.js';
import { SOCIAL_PROVIDERS } from './social-providers.js';
import { SOCIAL_TARGETS, socialSettings as s } from './social-settings.js';

/** One direction of one plugin: the raw baseline, the plugin, plugin / raw messages/s. */
export interface Compared<R, P> {
  raw: R;
  plugin: P;
  ratio: number;
  pass: boolean;
}

export interface SocialOutcome {
  plugin: string;
  /** Where the plugin's log lines went (JSON, as `casehub start` gets them). */
  logFile: string;
  intake: Compared<RawIntakeOutcome, IntakeFigures>;
  outbound: Compared<RawOutcome, PluginOutcome>;
}

type Rate = { messagesPerSecond: number };

export function compared<R extends Rate, P extends Rate>(raw: R, plugin: P): Compared<R, P> {
  const ratio = plugin.messagesPerSecond / raw.messagesPerSecond;
  return { raw, plugin, ratio, pass: ratio >= SOCIAL_TARGETS.ratio };
}

/** CPU ms per message of each process of both directions' runs (for the JSON too). */
export function cpuPerMessage(o: SocialOutcome) {
  const per = (x: Parameters<typeof msPerMessage>[0], parts: string[]) =>
    Object.fromEntries(parts.map((p) => [p, msPerMessage(x, p)]));
  return {
    intake: {
      plugin: per(o.intake.plugin, ['plugin', 'fake', 'nats']),
      raw: per(o.intake.raw, ['raw', 'fake', 'nats']),
    },
    outbound: {
      plugin: per(o.outbound.plugin, ['plugin', 'fake', 'nats']),
      raw: per(o.outbound.raw, ['raw', 'fake', 'nats']),
    },
  };
}

/** Whether every message of an intake run (all rounds, for the raw one) was stored once. */
export const intakeOnce = (x: IntakeFigures) =>
  x.refused === 0 && x.missing === 0 && x.duplicates === 0 && x.extra === 0;

const once = (x: IntakeFigures) =>
  intakeOnce(x)
    ? 'yes'
    : `NO: ${x.refused} not answered 200, ${x.missing} missing, ${x.duplicates} twice, ${x.extra} extra`;

const ms = (c: Record<string, number>, parts: string[]) =>
  `${parts.map((p) => f3(c[p])).join(' / ')} ms`;

function providerRows(o: SocialOutcome): [string, string][] {
  const provider = SOCIAL_PROVIDERS[o.plugin];
  const { intake: i, outbound: out } = o;
  const cpu = cpuPerMessage(o);
  const p = out.plugin;
  return [
    [
      `${o.plugin}: ${provider.fakeLabel}; ${provider.callbacksLabel[s.callbacks]} (plugin run)`,
      '',
    ],
    [
      `  intake, ${s.concurrency} webhooks in flight: raw (${provider.rawIntakeLabel}; median of ${i.raw.rounds.length})`,
      `${f0(i.raw.messagesPerSecond)} messages/s in ${f2(i.raw.seconds)} s (rounds: ${i.raw.rounds.map(f0).join(', ')})`,
    ],
    ['    raw CPU, % of one CPU', cpuLine(i.raw.cpu, ['raw', 'fake', 'nats', 'others'])],
    [
      `    ${o.plugin} plugin: first webhook → last answered 200`,
      `${f0(i.plugin.messagesPerSecond)} messages/s in ${f2(i.plugin.seconds)} s`,
    ],
    [
      '    plugin CPU, % of one CPU',
      cpuLine(i.plugin.cpu, ['plugin', 'fake', 'nats', 'bench', 'others']),
    ],
    [
      '    CPU per message: plugin / fake / NATS; raw: handler / fake / NATS',
      `${ms(cpu.intake.plugin, ['plugin', 'fake', 'nats'])}; ${ms(cpu.intake.raw, ['raw', 'fake', 'nats'])}`,
    ],
    [
      '    every message stored once (inbound.message): plugin; raw',
      `${once(i.plugin)}; ${once(i.raw)}`,
    ],
    [
      `  outbound: raw (${provider.rawSenderLabel}, ${out.raw.concurrency} in flight; median of ${out.raw.rounds.length})`,
      `${f0(out.raw.messagesPerSecond)} messages/s in ${f2(out.raw.seconds)} s (rounds: ${out.raw.rounds.map(f0).join(', ')})`,
    ],
    ['    raw CPU, % of one CPU', cpuLine(out.raw.cpu, ['raw', 'fake', 'nats', 'others'])],
    [
      `    ${o.plugin} plugin: first publish → last reply at the fake`,
      `${f0(p.messagesPerSecond)} messages/s in ${f2(p.seconds)} s`,
    ],
    [
      '    events published in / last delivery report stored at',
      `${f2(p.publishSeconds)} s / ${f2(p.deliveryReportSeconds)} s`,
    ],
    ['    plugin CPU, % of one CPU', cpuLine(p.cpu, ['plugin', 'fake', 'nats', 'bench', 'others'])],
    [
      '    CPU per message: plugin / fake / NATS; raw: sender / fake / NATS',
      `${ms(cpu.outbound.plugin, ['plugin', 'fake', 'nats'])}; ${ms(cpu.outbound.raw, ['raw', 'fake', 'nats'])}`,
    ],
    [
      '    mean text at the fake: plugin / raw',
      `${f0(p.meanBodyBytes)} / ${f0(out.raw.meanBodyBytes)} bytes`,
    ],
    [
      `    every reply sent once, reported ${p.expectedStatus}`,
      allOnce(p)
        ? `yes (${p.messages} replies, ${p.deliveryReports[p.expectedStatus]} last reported "${p.expectedStatus}")`
        : `NO: ${p.missing} missing, ${p.duplicates} twice, ${p.extra} extra, ${p.refused} refused, ${p.resent} resent; reports ${JSON.stringify(p.deliveryReports)}`,
    ],
    [
      '    status webhooks made (not answered 2xx); dead letters',
      `${p.callbacks.delivered} (${p.callbacks.failed}); ${p.deadLetters}`,
    ],
    ...(out.raw.errors || out.raw.notOnce
      ? ([
          [
            '    raw: sends failed, replies not at the fake exactly once',
            `${out.raw.errors}, ${out.raw.notOnce}`,
          ],
        ] as [string, string][])
      : []),
    ['  plugin log', o.logFile],
  ];
}

export function printSocialSummary(started: Date, outcomes: SocialOutcome[], cpus: number): void {
  const target = (what: string, c: Compared<unknown, unknown>): [string, string] => [
    `  ${what}: plugin / raw`,
    `${f2(c.ratio)}  (target >= ${SOCIAL_TARGETS.ratio})  ${c.pass ? 'PASS' : 'MISS'}`,
  ];
  const rows: [string, string][] = [
    ...outcomes.flatMap(providerRows),
    ['Targets', ''],
    ...outcomes.flatMap((o) => [
      target(`${o.plugin} intake`, o.intake),
      target(`${o.plugin} outbound`, o.outbound),
    ]),
  ];
  const w = Math.max(...rows.filter(([, v]) => v).map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub social benchmark  ${started.toISOString()}  (${s.messages} messages each way per run, ${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(Math.min(160, w + 70)));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(Math.min(160, w + 70)));
  const busy = Math.max(
    ...outcomes.flatMap((o) =>
      [o.intake.raw, o.intake.plugin, o.outbound.raw, o.outbound.plugin].map(
        (x) => x.cpu.others ?? 0,
      ),
    ),
  );
  if (busy > 25)
    console.log(
      `  warning: other processes took up to ${f0(busy)}% of a CPU meanwhile: the figures are skewed, run it again`,
    );
}
