/** Collects per-operation latencies (nanoseconds from process.hrtime.bigint) and summarises them. */
export class LatencyRecorder {
  private values = new Float64Array(1 << 14);
  private n = 0;

  /** Records one latency given its start and end (process.hrtime.bigint()). */
  record(startNs: bigint, endNs: bigint): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = Number(endNs - startNs);
  }

  get count(): number {
    return this.n;
  }

  /** Percentiles in milliseconds (nearest-rank); zeros when nothing was recorded. */
  summary(): LatencySummary {
    if (this.n === 0)
      return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
    const sorted = this.values.slice(0, this.n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    const at = (p: number) =>
      sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))] / 1e6;
    return {
      count: this.n,
      meanMs: sum / this.n / 1e6,
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: sorted[this.n - 1] / 1e6,
    };
  }
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Counts failures by a short label and keeps one sample of each, for the report. */
export class ErrorTally {
  readonly byKind = new Map<string, { count: number; sample: string }>();

  add(kind: string, sample: string): void {
    const e = this.byKind.get(kind);
    if (e) e.count++;
    else this.byKind.set(kind, { count: 1, sample: sample.slice(0, 500) });
  }

  get total(): number {
    let t = 0;
    for (const e of this.byKind.values()) t += e.count;
    return t;
  }

  toJSON(): Record<string, { count: number; sample: string }> {
    return Object.fromEntries(this.byKind);
  }
}
