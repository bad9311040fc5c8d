/** Settings of `pnpm bench:events`, from the environment (docs/configuration.md lists them). */
export function positive(name: string, dflt: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0))
    throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number, got ${raw}`);
  return n;
}

/** One of `allowed` (default `dflt`). */
export function oneOf<T extends string>(name: string, allowed: readonly T[], dflt: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!(allowed as readonly string[]).includes(raw))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${raw}`);
  return raw as T;
}

/** A comma-separated list of names among `known` (default `dflt`), each once. */
export function namesOf(name: string, known: readonly string[], dflt: string): string[] {
  const raw = process.env[name];
  const list = (raw?.trim() ? raw : dflt)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = list.filter((p) => !known.includes(p));
  if (unknown.length || !list.length)
    throw new Error(
      `${name} must list plugins this benchmark knows (${known.join(', ')}), got ${raw}`,
    );
  return [...new Set(list)];
}

/** A comma-separated list of positive numbers, e.g. `300,1000`. */
function positives(name: string, dflt: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (!list.length || list.some((n) => !Number.isFinite(n) || n <= 0))
    throw new Error(
      `${name} must be a positive number or a comma-separated list of them, got ${raw}`,
    );
  return list;
}

export const settings = {
  /** Measured seconds of each latency run (after the warm-up). */
  seconds: positive('BENCH_SECONDS', 10),
  warmupSeconds: positive('BENCH_WARMUP_SECONDS', 2, true),
  /** Events committed (and raw messages published) per second, open loop: one run per rate. */
  rates: positives('BENCH_RATE', [300, 1000]),
  /** Plugins subscribed, each its own durable consumer (bench-1 … bench-N): one run per count. */
  plugins: positives('BENCH_PLUGINS', [5, 10]).map(Math.round),
  /** Processes the plugins run in: one each (0, default) or this many, sharing them out. */
  pluginProcesses: positive('BENCH_PLUGIN_PROCESSES', 0, true),
  /** Events in the outbox when the relay is let go, and published raw for the baseline. */
  relayEvents: positive('BENCH_RELAY_EVENTS', 40_000),
  corePoolSize: 20,
  pgAdminUrl:
    process.env.BENCH_PG_URL ??
    process.env.TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};

/** The processes `plugins` plugins (and as many raw consumers) run in. */
export function processesFor(plugins: number): number {
  const n = settings.pluginProcesses || plugins;
  if (plugins % n !== 0)
    throw new Error(`BENCH_PLUGINS (${plugins}) must be a multiple of BENCH_PLUGIN_PROCESSES`);
  return n;
}
for (const p of settings.plugins) processesFor(p);

/**
 * Event delivery against JetStream alone, in the same run (plugin path / raw fan-out with as
 * many consumer processes): p99 and CPU per delivery; the relay against raw js.publish.
 */
export const TARGETS = { p99Ratio: 2, cpuPerDeliveryRatio: 1.5, relayRatio: 0.8 };
