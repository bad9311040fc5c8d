/**
 * The latency run: the core commits events at a fixed rate while N plugins consume them; each
 * delivery's latency is the handler's arrival time minus the time its commit returned, both
 * read on the machine's wall clock and corrected by each process's measured offset.
 */
import { Child } from './child.js';
import { sleep } from './clock.js';
import { measuredWindow } from './measured-window.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import type { Receipts } from './plugins.js';
import { settings } from './settings.js';
import { percentiles, type Percentiles } from './stats.js';
import type { DriveResult } from './workload.js';

export interface DeliveryCheck {
  plugin: string;
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  unexpected: number;
}

export interface LatencyOutcome {
  /** Commit returned → handler called, every delivery to every plugin, measured window. */
  commitToHandler: Percentiles;
  /** Commit returned → stored in the stream (the outbox relay's share), first delivery each. */
  commitToStored: Percentiles;
  /** Stored in the stream → handler called (JetStream's and the SDK's share). */
  storedToHandler: Percentiles;
  /** Commit returned → the last of the plugins had it. */
  commitToAllPlugins: Percentiles;
  perPlugin: Record<string, Percentiles>;
  /** By event type: the second event of a commit (case.resolved) waits behind the first. */
  perEventType: Record<string, Percentiles>;
  /** Issue → commit returned (the write path itself). */
  commit: Percentiles;
  /** How late commits were issued against the open-loop schedule (ms). */
  scheduleLag: Percentiles;
  /** Events whose commit returned inside the measured window, per second. */
  eventsPerSecond: number;
  commitsPerSecond: number;
  eventsMeasured: number;
  eventsTotal: number;
  /** Events due that the core had not begun to commit when the window closed. */
  eventsNotStarted: number;
  /** From the last commit until the last plugin had the last event (s): did they keep up? */
  drainSeconds: number;
  commitErrors: DriveResult['errors'];
  deliveries: DeliveryCheck[];
  exactlyOnce: boolean;
  clockOffsetsMs: Record<string, { offset: number; bound: number }>;
  /** CPU of the plugin processes per delivery handled in the measured window (ms). */
  cpuPerDeliveryMs: number;
  deliveriesInWindow: number;
  cpu: CpuFigures;
}

/** Cases worked on side by side; each gets a commit every ~250 ms (lanes / commits per s). */
export const lanesFor = (rate: number): number => Math.max(1, Math.round((rate / 1.25) * 0.25));

export async function latencyRun(
  core: Child,
  pluginProcs: Child[],
  o: { rate: number; plugins: number },
): Promise<LatencyOutcome> {
  const clockOffsetsMs: LatencyOutcome['clockOffsetsMs'] = {};
  for (const c of [core, ...pluginProcs]) {
    await c.measureOffset();
    clockOffsetsMs[c.name] = { offset: c.offsetMs, bound: c.offsetBoundMs };
  }

  const cpu = cpuWindow({
    core: [core.proc.pid!],
    plugins: pluginProcs.map((p) => p.proc.pid!),
    bench: [process.pid],
  });
  const {
    result: d,
    cpu: cpuFigures,
    window,
  } = await measuredWindow(cpu, settings, (bounds) =>
    core.request<DriveResult>('drive', { rate: o.rate, ...bounds, lanes: lanesFor(o.rate) }),
  );

  const eventsTotal = d.events.reduce((a, b) => a + b, 0);
  log(`${eventsTotal} events committed; waiting for every plugin to have them all ...`);
  await waitForDeliveries(pluginProcs, eventsTotal);

  // Every event, keyed by case and sequence: when its commit returned (our clock), and whether
  // it was committed inside the measured window.
  const committed = new Map<string, { at: number; measured: boolean }>();
  const commitMs: number[] = [];
  const lagMs: number[] = [];
  let eventsMeasured = 0;
  let commitsMeasured = 0;
  let lastCommit = 0;
  for (let i = 0; i < d.caseId.length; i++) {
    const measured = d.intendedAt[i] >= d.warmupEndsAt;
    const at = d.committedAt[i] - core.offsetMs;
    lastCommit = Math.max(lastCommit, at);
    for (let k = 0; k < d.events[i]; k++)
      committed.set(`${d.caseId[i]}:${d.firstSequence[i] + k}`, { at, measured });
    if (d.committedAt[i] >= d.warmupEndsAt && d.committedAt[i] < d.endsAt) {
      commitsMeasured++;
      eventsMeasured += d.events[i];
    }
    if (!measured) continue;
    commitMs.push(d.committedAt[i] - d.issuedAt[i]);
    lagMs.push(Math.max(0, d.issuedAt[i] - d.intendedAt[i]));
  }
  let lastReceipt = 0;
  let inWindow = 0;

  const all: number[] = [];
  const toStored: number[] = [];
  const fromStored: number[] = [];
  const perPlugin: Record<string, Percentiles> = {};
  const lastArrival = new Map<string, number>();
  const byType = new Map<string, number[]>();
  const deliveries: DeliveryCheck[] = [];
  for (const proc of pluginProcs) {
    const byPlugin = await proc.request<Record<string, Receipts>>('receipts');
    for (const [plugin, r] of Object.entries(byPlugin)) {
      const seen = new Map<string, number>();
      const mine: number[] = [];
      let unexpected = 0;
      for (let i = 0; i < r.at.length; i++) {
        lastReceipt = Math.max(lastReceipt, r.at[i] - proc.offsetMs);
        if (r.at[i] - proc.offsetMs >= window.begin && r.at[i] - proc.offsetMs < window.end)
          inWindow++;
        const key = `${r.caseId[i]}:${r.sequence[i]}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const c = committed.get(key);
        if (!c) {
          unexpected++;
          continue;
        }
        if (!c.measured || seen.get(key)! > 1) continue;
        const ms = r.at[i] - proc.offsetMs - c.at;
        mine.push(ms);
        all.push(ms);
        toStored.push(r.stored[i] - c.at);
        fromStored.push(r.at[i] - proc.offsetMs - r.stored[i]);
        const t = r.type[i].replace(/^casehub\./, '').replace(/\.v\d+$/, '');
        if (!byType.has(t)) byType.set(t, []);
        byType.get(t)!.push(ms);
        lastArrival.set(key, Math.max(lastArrival.get(key) ?? -Infinity, ms));
      }
      let missing = 0;
      let duplicates = 0;
      for (const key of committed.keys()) {
        const n = seen.get(key) ?? 0;
        if (n === 0) missing++;
        else duplicates += n - 1;
      }
      perPlugin[plugin] = percentiles(mine);
      deliveries.push({
        plugin,
        expected: committed.size,
        received: r.at.length,
        missing,
        duplicates,
        unexpected,
      });
    }
  }
  deliveries.sort((a, b) => a.plugin.localeCompare(b.plugin, 'en', { numeric: true }));
  const cpuSeconds = ((cpuFigures.plugins ?? 0) / 100) * ((window.end - window.begin) / 1000);
  return {
    commitToHandler: percentiles(all),
    commitToStored: percentiles(toStored),
    storedToHandler: percentiles(fromStored),
    commitToAllPlugins: percentiles([...lastArrival.values()]),
    perPlugin,
    perEventType: Object.fromEntries([...byType].map(([t, v]) => [t, percentiles(v)])),
    commit: percentiles(commitMs),
    scheduleLag: percentiles(lagMs),
    eventsPerSecond: eventsMeasured / settings.seconds,
    commitsPerSecond: commitsMeasured / settings.seconds,
    eventsMeasured,
    eventsTotal,
    eventsNotStarted: d.notStarted,
    drainSeconds: Math.max(0, lastReceipt - lastCommit) / 1000,
    commitErrors: d.errors,
    deliveries,
    exactlyOnce:
      deliveries.length === o.plugins &&
      deliveries.every((x) => x.missing === 0 && x.duplicates === 0 && x.unexpected === 0),
    clockOffsetsMs,
    cpuPerDeliveryMs: inWindow ? (cpuSeconds * 1000) / inWindow : 0,
    deliveriesInWindow: inWindow,
    cpu: cpuFigures,
  };
}

/** Until every plugin has `expected` events, or none got anything new for 10 s. */
async function waitForDeliveries(procs: Child[], expected: number): Promise<void> {
  let last = -1;
  let stillSince = Date.now();
  for (;;) {
    const counts = await Promise.all(procs.map((p) => p.request<Record<string, number>>('counts')));
    const values = counts.flatMap((c) => Object.values(c));
    if (values.every((n) => n >= expected)) return;
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum !== last) [last, stillSince] = [sum, Date.now()];
    else if (Date.now() - stillSince > 10_000) {
      log(`deliveries stalled at ${values.join(', ')} of ${expected}`);
      return;
    }
    await sleep(200);
  }
}
