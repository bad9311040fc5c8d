/** Settings of `pnpm bench:events`, from the environment (docs/configuration.md lists them). */
export function positive(name: string, dflt: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0))
    throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number, got ${raw}`);
  return n;
}

export const settings = {
  /** Measured seconds of the latency run (after the warm-up). */
  seconds: positive('BENCH_SECONDS', 10),
  warmupSeconds: positive('BENCH_WARMUP_SECONDS', 2, true),
  /** Events committed per second, open loop. */
  rate: positive('BENCH_RATE', 1000),
  /** Plugins subscribed, each its own durable consumer (bench-1 … bench-N). */
  plugins: positive('BENCH_PLUGINS', 5),
  /** Processes the plugins run in: one each (default) or all in one. */
  pluginProcesses: positive('BENCH_PLUGIN_PROCESSES', 0, true),
  /** Events in the outbox when the relay is let go, and published raw for the baseline. */
  relayEvents: positive('BENCH_RELAY_EVENTS', 40_000),
  /** Cases worked on side by side; each gets a commit every ~250 ms (lanes / commits per s). */
  lanes: 0,
  corePoolSize: 20,
  pgAdminUrl:
    process.env.BENCH_PG_URL ??
    process.env.TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
settings.lanes = Math.max(1, Math.round((settings.rate / 1.25) * 0.25));
if (settings.pluginProcesses === 0) settings.pluginProcesses = settings.plugins;
if (settings.plugins % settings.pluginProcesses !== 0)
  throw new Error('BENCH_PLUGINS must be a multiple of BENCH_PLUGIN_PROCESSES');

export const TARGETS = { p99Ms: 25, relayRatio: 0.6 };
