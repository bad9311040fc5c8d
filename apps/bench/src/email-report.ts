/** The readable summary of `pnpm bench:email` (the JSON goes through report.ts writeResults). */
import type { CpuFigures } from './cpu.js';
import type { InboundOutcome, IntakeFigures } from './email-inbound.js';
import type { PluginOutcome, RawOutcome } from './email-outbound.js';
import { EMAIL_TARGETS, emailSettings } from './email-settings.js';

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const cpuLine = (c: CpuFigures, parts: string[]) =>
  parts.map((k) => `${k} ${f0(c[k] ?? 0)}%`).join(', ') +
  ` (machine ${f0(c.machineBusyPct)}% busy)`;

export interface EmailOutcome {
  raw: RawOutcome;
  plugin: PluginOutcome;
  ratio: number;
  inbound: InboundOutcome | null;
  /** The core alone threading mails / the plugin handing them to JetStream (null: not run). */
  inboundRatio: number | null;
  coreRssMaxMb: number | null;
}

export function printEmailSummary(started: Date, o: EmailOutcome, cpus: number): void {
  const { raw, plugin } = o;
  const rows: [string, string][] = [
    [`Outbound: ${emailSettings.mails} agent replies → SMTP sink (${emailSettings.sink})`, ''],
    [
      `  raw nodemailer, pool ${raw.poolSize}, ${raw.concurrency} in flight (median of ${raw.rounds.length})`,
      `${f0(raw.mailsPerSecond)} mails/s in ${f2(raw.seconds)} s (rounds: ${raw.rounds.map(f0).join(', ')})`,
    ],
    ['  raw CPU, % of one CPU', cpuLine(raw.cpu, ['raw', 'sink', 'others'])],
    [
      `  email plugin${emailSettings.pluginReplicas > 1 ? ` (${emailSettings.pluginReplicas} replicas)` : ''}: first publish → last mail at the sink`,
      `${f0(plugin.mailsPerSecond)} mails/s in ${f2(plugin.seconds)} s`,
    ],
    [
      '  events published in / last delivery report stored at',
      `${f2(plugin.publishSeconds)} s / ${f2(plugin.deliveryReportSeconds)} s`,
    ],
    [
      '  plugin CPU, % of one CPU',
      cpuLine(plugin.cpu, ['plugin', 'nats', 'sink', 'bench', 'others']),
    ],
    [
      '  plugin CPU per mail',
      `${f2((((plugin.cpu.plugin ?? 0) / 100) * plugin.seconds * 1000) / plugin.mails)} ms (raw nodemailer ${f2((((raw.cpu.raw ?? 0) / 100) * raw.seconds * 1000) / raw.mails)} ms)`,
    ],
    [
      '  mean mail size at the sink: plugin / raw',
      `${f0(plugin.meanMailBytes)} / ${f0(raw.meanMailBytes)} bytes`,
    ],
    [
      '  every reply mailed once, reported sent',
      plugin.missing === 0 &&
      plugin.duplicates === 0 &&
      plugin.extra === 0 &&
      plugin.deliveryReports.sent === plugin.mails
        ? `yes (${plugin.mails} mails, ${plugin.deliveryReports.sent} delivery reports "sent")`
        : `NO: ${plugin.missing} missing, ${plugin.duplicates} twice, ${plugin.extra} extra; reports ${JSON.stringify(plugin.deliveryReports)}`,
    ],
    ['  dead letters', String(plugin.deadLetters)],
  ];
  if (o.inbound) {
    const i = o.inbound;
    const line = (x: IntakeFigures) =>
      `${f0(x.mailsPerSecond)} mails/s, ${f1(x.megabytesPerSecond)} MB/s; plugin ${f2((((x.cpu.plugin ?? 0) / 100) * x.seconds * 1000) / x.mails)} ms CPU per mail (${f0(x.cpu.plugin ?? 0)}% of a CPU), NATS ${f0(x.cpu.nats ?? 0)}%, others ${f0(x.cpu.others ?? 0)}%`;
    rows.push(
      [
        `Inbound: ${emailSettings.inboundMails} mails per run (${i.mix.plain} plain, ${i.mix['html+attachment']} HTML + ${emailSettings.attachmentKb} KB attachment, ${i.mix.reply} replies with quote; mean ${f1(i.mix.meanBytes / 1024)} KB)`,
        '',
      ],
      ['  readMail alone, one at a time', line(i.parse)],
      [`  MailIntake (parse, store, publish), ${i.intake.concurrency} at once`, line(i.intake)],
      ['  MailIntake, one at a time (an IMAP mailbox)', line(i.intakeOneByOne)],
    );
    const d = i.coreDrain;
    if (d) {
      const perMail = (k: string) => f2((((d.cpu[k] ?? 0) / 100) * d.seconds * 1000) / d.mails);
      rows.push(
        [
          `  core alone: ${d.mails} waiting inbound.message → messages on cases`,
          d.mailsPerSecond
            ? `${f0(d.mailsPerSecond)} mails/s in ${f2(d.seconds)} s`
            : `NOT DONE: ${d.messagesRecorded} of ${d.mails} messages`,
        ],
        ['    CPU, % of one CPU', cpuLine(d.cpu, ['core', 'postgres', 'nats', 'bench', 'others'])],
        [
          '    CPU per mail: core / PostgreSQL / NATS',
          `${perMail('core')} / ${perMail('postgres')} / ${perMail('nats')} ms`,
        ],
        [
          '    threaded',
          `${d.casesCreated} cases; ${d.repliesThreaded} of ${d.replies} replies on their case`,
        ],
        [
          '    core RSS: idle / at most',
          `${f0(d.coreRssMb.idle)} / ${f0(d.coreRssMb.max)} MB` +
            (d.coreMemoryAtPeak
              ? ` (at its most sampled: heap ${d.coreMemoryAtPeak.heapUsed} used of ${d.coreMemoryAtPeak.heapTotal}, external ${d.coreMemoryAtPeak.external}, array buffers ${d.coreMemoryAtPeak.arrayBuffers} MB)`
              : ''),
        ],
      );
    }
    const t = i.threading;
    if (t) {
      rows.push(
        [
          `  + core threading, ${t.concurrency} at once: mail in → message on its case`,
          t.mailsPerSecond
            ? `${f0(t.mailsPerSecond)} mails/s in ${f2(t.seconds)} s (intake alone done at ${f2(t.intakeSeconds)} s)`
            : `NOT DONE: ${t.messagesRecorded} of ${t.mails} messages`,
        ],
        [
          '    CPU, % of one CPU',
          cpuLine(t.cpu, ['plugin', 'core', 'postgres', 'nats', 'sink', 'bench', 'others']),
        ],
        [
          '    CPU per mail: plugin / core / PostgreSQL / NATS',
          ['plugin', 'core', 'postgres', 'nats']
            .map((k) => `${f2((((t.cpu[k] ?? 0) / 100) * t.seconds * 1000) / t.mails)}`)
            .join(' / ') + ' ms',
        ],
        [
          '    threaded',
          `${t.casesCreated} cases for ${t.firstMails} first mails; ${t.repliesThreaded} of ${t.replies} replies on their case`,
        ],
        [
          '    acknowledgements mailed (by the end / in all)',
          `${t.acknowledgementsAtEnd} / ${t.acknowledgements} of ${t.firstMails}`,
        ],
        [
          '    end to end / MailIntake alone (no target: both share 2 CPUs)',
          f2(t.mailsPerSecond / i.intake.mailsPerSecond),
        ],
        ['    core RSS at most', `${f0(t.coreRssMaxMb)} MB`],
      );
    }
  }
  rows.push(
    ['Target', ''],
    [
      '  plugin / raw nodemailer',
      `${f2(o.ratio)}  (target >= ${EMAIL_TARGETS.outboundRatio})  ${o.ratio >= EMAIL_TARGETS.outboundRatio ? 'PASS' : 'MISS'}`,
    ],
  );
  if (o.inboundRatio !== null && o.inbound)
    rows.push([
      '  core alone threading / plugin MailIntake handing over',
      `${f2(o.inboundRatio)}  (${f0(o.inbound.coreDrain!.mailsPerSecond)} / ${f0(o.inbound.intake.mailsPerSecond)} mails/s; target >= ${EMAIL_TARGETS.inboundRatio})  ${o.inboundRatio >= EMAIL_TARGETS.inboundRatio ? 'PASS' : 'MISS'}`,
    ]);
  if (o.coreRssMaxMb !== null)
    rows.push([
      '  core RSS at most while threading',
      `${f0(o.coreRssMaxMb)} MB  (target <= ${EMAIL_TARGETS.coreRssMb} MB)  ${o.coreRssMaxMb <= EMAIL_TARGETS.coreRssMb ? 'PASS' : 'MISS'}`,
    ]);
  const w = Math.max(...rows.filter(([, v]) => v).map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub email benchmark  ${started.toISOString()}  (${cpus} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(Math.min(160, w + 70)));
  for (const [k, v] of rows) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(Math.min(160, w + 70)));
  const busy = Math.max(
    raw.cpu.others ?? 0,
    plugin.cpu.others ?? 0,
    o.inbound?.intake.cpu.others ?? 0,
    o.inbound?.coreDrain?.cpu.others ?? 0,
    o.inbound?.threading?.cpu.others ?? 0,
  );
  if (busy > 25)
    console.log(
      `  warning: other processes took up to ${f0(busy)}% of a CPU meanwhile: the figures are skewed, run it again`,
    );
}
