import { ErrorTally, LatencyRecorder, type LatencySummary } from './latency.js';

/** What one operation reports: success, or a short error kind and a sample for the report. */
export type OpResult = { ok: true } | { ok: false; kind: string; sample: string };

export interface LoadOptions {
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** One operation by worker `worker` (0-based); `seq` counts that worker's operations. */
  op: (worker: number, seq: number) => Promise<OpResult>;
  /** Checked before each operation: true ends the run early (e.g. the server crashed). */
  shouldStop?: () => boolean;
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

export interface LoadResult {
  /** Successful operations completed inside the measured window. */
  ok: number;
  opsPerSecond: number;
  measuredSeconds: number;
  latency: LatencySummary;
  errors: ErrorTally;
  warmupOk: number;
  warmupErrors: ErrorTally;
}

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back for warm-up + measurement.
 * An operation counts when it started and finished inside the measured window; a failure counts
 * when it started in it (so a failure is never hidden by the cut-off).
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latency = new LatencyRecorder();
  const errors = new ErrorTally();
  const warmupErrors = new ErrorTally();
  let warmupOk = 0;
  const t0 = process.hrtime.bigint();
  const measureStart = t0 + BigInt(opts.warmupMs) * 1_000_000n;
  const measureEnd = measureStart + BigInt(opts.measureMs) * 1_000_000n;

  const worker = async (w: number) => {
    for (let seq = 0; ; seq++) {
      const start = process.hrtime.bigint();
      if (start >= measureEnd || opts.shouldStop?.()) return;
      let r: OpResult;
      try {
        r = await opts.op(w, seq);
      } catch (err) {
        const e = err as Error & { code?: string };
        r = { ok: false, kind: e.code ?? e.name ?? 'Error', sample: e.message };
      }
      const end = process.hrtime.bigint();
      if (start < measureStart) {
        if (r.ok) warmupOk++;
        else warmupErrors.add(r.kind, r.sample);
      } else if (!r.ok) {
        errors.add(r.kind, r.sample);
      } else if (end <= measureEnd) {
        latency.record(start, end);
      }
    }
  };
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    opts.onMeasureEnd?.();
  };
  const timers = [
    setTimeout(() => opts.onMeasureStart?.(), opts.warmupMs),
    setTimeout(end, opts.warmupMs + opts.measureMs),
  ];
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  } finally {
    for (const t of timers) clearTimeout(t);
  }
  // The workers can all be done before the end's timer fires: the window is over all the same.
  end();
  const measuredSeconds = opts.measureMs / 1000;
  return {
    ok: latency.count,
    opsPerSecond: latency.count / measuredSeconds,
    measuredSeconds,
    latency: latency.summary(),
    errors,
    warmupOk,
    warmupErrors,
  };
}
