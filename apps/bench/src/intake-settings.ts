/** Settings and targets of `pnpm bench:intake` (environment; docs/operations.md#performance). */
import { positive } from './settings.js';

export const intakeSettings = {
  seconds: positive('BENCH_SECONDS', 10),
  warmupSeconds: positive('BENCH_WARMUP_SECONDS', 2, true),
  concurrency: positive('BENCH_CONCURRENCY', 16),
  pgPoolSize: 16,
  /** Node.js flags for the hub, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  childNodeArgs: (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
};

/** Issue 11's targets: against the raw baseline of the same run, 16 clients. */
export const TARGETS = { ratio: 0.8, p99Ms: 25, contactRatio: 0.6, rssMb: 200 };
