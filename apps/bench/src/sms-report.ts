/** The readable summary of `pnpm bench:sms` (the JSON goes through report.ts writeResults). */
import { allOnce, cpuLine, f0, f2, f3, msPerMessage } from './outbound-report.js';
import type { PluginOutcome, RawOutcome } from './outbound-runs.js';
import { SMS_PROVIDERS } from './sms-providers.js';
import { SMS_TARGETS, smsSettings } from './sms-settings.js';

export interface SmsProviderOutcome {
  plugin: string;
  raw: RawOutcome;
  pluginRun: PluginOutcome;
  /** The plugin's messages/s over the raw client's. */
  ratio: number;
  pass: boolean;
}

function providerRows(o: SmsProviderOutcome): [string, string][] {
  const provider = SMS_PROVIDERS[o.plugin];
  const { raw, pluginRun: p } = o;
  const callbacks = provider.callbacksLabel[smsSettings.callbacks];
  return [
    [`${o.plugin}: ${p.messages} agent replies → ${provider.fakeLabel}; ${callbacks}`, ''],
    [
      `  raw: ${provider.rawLabel}, ${raw.concurrency} ${provider.windowed ? 'unanswered (window)' : 'in flight'} (median of ${raw.rounds.length})`,
      `${f0(raw.messagesPerSecond)} messages/s in ${f2(raw.seconds)} s (rounds: ${raw.rounds.map(f0).join(', ')})`,
    ],
    ['  raw CPU, % of one CPU', cpuLine(raw.cpu, ['raw', 'fake', 'nats', 'others'])],
    [
      `  ${o.plugin} plugin: first publish → last text at the fake`,
      `${f0(p.messagesPerSecond)} messages/s in ${f2(p.seconds)} s`,
    ],
    [
      '  events published in / last delivery report stored at',
      `${f2(p.publishSeconds)} s / ${f2(p.deliveryReportSeconds)} s`,
    ],
    ['  plugin CPU, % of one CPU', cpuLine(p.cpu, ['plugin', 'fake', 'nats', 'bench', 'others'])],
    [
      '  CPU per message: plugin / fake / NATS',
      `${f3(msPerMessage(p, 'plugin'))} / ${f3(msPerMessage(p, 'fake'))} / ${f3(msPerMessage(p, 'nats'))} ms`,
    ],
    [
      '  CPU per message, raw run: raw sender / fake / NATS',
      `${f3(msPerMessage(raw, 'raw'))} / ${f3(msPerMessage(raw, 'fake'))} / ${f3(msPerMessage(raw, 'nats'))} ms`,
    ],
    [
      '  mean text at the fake: plugin / raw',
      `${f0(p.meanBodyBytes)} / ${f0(raw.meanBodyBytes)} bytes`,
    ],
    [
      `  every reply texted once, reported ${p.expectedStatus}`,
      allOnce(p)
        ? `yes (${p.messages} texts, ${p.deliveryReports[p.expectedStatus]} last reported "${p.expectedStatus}")`
        : `NO: ${p.missing} missing, ${p.duplicates} twice, ${p.extra} extra, ${p.refused} refused, ${p.resent} resent; reports ${JSON.stringify(p.deliveryReports)}`,
    ],
    [
      provider.windowed
        ? '  receipts sent (not answered 0); dead letters'
        : '  status callbacks made (not answered 2xx); dead letters',
      `${p.callbacks.delivered} (${p.callbacks.failed}); ${p.deadLetters}`,
    ],
    ...(raw.errors || raw.notOnce
      ? ([
          [
            '  raw: sends failed, texts not at the fake exactly once',
            `${raw.errors}, ${raw.notOnce}`,
          ],
        ] as [string, string][])
      : []),
  ];
}

export function printSmsSummary(started: Date, outcomes: SmsProviderOutcome[], cpus: number): void {
  const rows: [string, string][] = [
    ...outcomes.flatMap(providerRows),
    ['Target', ''],
    ...outcomes.map((o): [string, string] => [
      `  ${o.plugin} plugin / raw client`,
      `${f2(o.ratio)}  (target >= ${SMS_TARGETS.ratio})  ${o.pass ? 'PASS' : 'MISS'}`,
    ]),
  ];
  const w = Math.max(...rows.filter(([, v]) => v).map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub SMS benchmark  ${started.toISOString()}  (${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(Math.min(160, w + 70)));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(Math.min(160, w + 70)));
  const busy = Math.max(
    ...outcomes.flatMap((o) => [o.raw.cpu.others ?? 0, o.pluginRun.cpu.others ?? 0]),
  );
  if (busy > 25)
    console.log(
      `  warning: other processes took up to ${f0(busy)}% of a CPU meanwhile: the figures are skewed, run it again`,
    );
}
