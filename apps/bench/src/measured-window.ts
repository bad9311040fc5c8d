/**
 * Runs an open-loop drive whose first `warmupSeconds` are warm-up and next `seconds` measured,
 * and watches CPU over exactly the measured part (timers of our own, since the drive runs in a
 * child, which is told the same bounds in ms).
 */
import { wallMs } from './clock.js';
import type { CpuFigures, cpuWindow } from './cpu.js';

export interface Measured<T> {
  result: T;
  cpu: CpuFigures;
  /** Wall-clock bounds of the measured part (ms). */
  window: { begin: number; end: number };
}

export interface DriveBounds {
  warmupMs: number;
  measureMs: number;
}

export async function measuredWindow<T>(
  cpu: ReturnType<typeof cpuWindow>,
  { warmupSeconds, seconds }: { warmupSeconds: number; seconds: number },
  drive: (bounds: DriveBounds) => Promise<T>,
): Promise<Measured<T>> {
  const warmupMs = warmupSeconds * 1000;
  const measureMs = seconds * 1000;
  const window = { begin: 0, end: 0 };
  let cpuOut: Promise<CpuFigures> | null = null;
  const timers = [
    setTimeout(() => {
      window.begin = wallMs();
      cpu.begin();
    }, warmupMs),
    setTimeout(() => {
      window.end = wallMs();
      cpuOut = cpu.end();
    }, warmupMs + measureMs),
  ];
  let result: T;
  try {
    result = await drive({ warmupMs, measureMs });
  } finally {
    for (const t of timers) clearTimeout(t);
  }
  const figures = await (cpuOut ?? cpu.end());
  window.end ||= wallMs();
  return { result, cpu: figures, window };
}
