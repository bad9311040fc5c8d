/** What the summaries of the outbound benchmarks (`bench:sms`, `bench:social`) share. */
import type { CpuFigures } from './cpu.js';
import type { PluginOutcome } from './outbound-runs.js';

export const f0 = (n: number) => n.toFixed(0);
export const f2 = (n: number) => n.toFixed(2);
export const f3 = (n: number) => n.toFixed(3);

/** Each part's CPU, and the machine's. */
export const cpuLine = (c: CpuFigures, parts: string[]) =>
  parts.map((k) => `${k} ${f0(c[k] ?? 0)}%`).join(', ') +
  ` (machine ${f0(c.machineBusyPct)}% busy)`;

/** CPU ms per message of one part of a run. */
export const msPerMessage = (
  x: { cpu: CpuFigures; seconds: number; messages: number },
  part: string,
) => (((x.cpu[part] ?? 0) / 100) * x.seconds * 1000) / x.messages;

/** Whether every reply reached the fake exactly once and ended with the status expected. */
export function allOnce(p: PluginOutcome): boolean {
  return (
    p.missing === 0 &&
    p.duplicates === 0 &&
    p.extra === 0 &&
    p.refused === 0 &&
    p.resent === 0 &&
    p.deliveryReports[p.expectedStatus] === p.messages
  );
}
