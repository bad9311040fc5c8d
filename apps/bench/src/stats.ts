/** Latency percentiles (nearest rank) over milliseconds. */
export interface Percentiles {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export function percentiles(values: ArrayLike<number>): Percentiles {
  const n = values.length;
  if (n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  return {
    count: n,
    meanMs: sum / n,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    p999Ms: at(99.9),
    maxMs: sorted[n - 1],
  };
}
