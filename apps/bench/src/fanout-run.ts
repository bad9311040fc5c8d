/**
 * The raw fan-out baseline of the latency run: a bare JetStream publisher at the same rate, and
 * as many consumer processes as the plugin run has, each with durable pull consumers that only
 * acknowledge. Latency runs from the publish being issued to the consumer having the message.
 */
import { Child } from './child.js';
import { sleep } from './clock.js';
import { measuredWindow } from './measured-window.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { log } from './cleanup.js';
import type { FanoutReceipts } from './fanout-consumer.js';
import type { FanoutDrive } from './fanout-publisher.js';
import { settings } from './settings.js';
import { percentiles, type Percentiles } from './stats.js';

export interface FanoutOutcome {
  consumers: number;
  processes: number;
  rate: number;
  /** Publish issued → consumer had it, every delivery to every consumer, measured window. */
  publishToHandler: Percentiles;
  messagesPerSecond: number;
  publishErrors: number;
  drainSeconds: number;
  /** Each consumer got each message once (JetStream's redeliveries would show here). */
  exactlyOnce: boolean;
  /** CPU of the consumer processes per delivery in the measured window (ms). */
  cpuPerDeliveryMs: number;
  deliveriesInWindow: number;
  cpu: CpuFigures;
}

export interface FanoutPlace {
  stream: string;
  prefix: string;
  /** Distinguishes this run's durable consumers from earlier runs' on the same stream. */
  tag: string;
}

export async function fanoutRun(
  place: FanoutPlace,
  rate: number,
  consumers: number,
  processes: number,
): Promise<FanoutOutcome> {
  const names = Array.from({ length: consumers }, (_, i) => `${place.tag}-${i + 1}`);
  const per = consumers / processes;
  const env = {
    NATS_URL: settings.natsUrl,
    NATS_STREAM: place.stream,
    NATS_SUBJECT_PREFIX: place.prefix,
  };
  const procs = await Promise.all(
    Array.from({ length: processes }, (_, i) =>
      Child.start(`fan-${i + 1}`, 'fanout-consumer.js', {
        ...env,
        BENCH_FANOUT_NAMES: names.slice(i * per, (i + 1) * per).join(','),
      }),
    ),
  );
  const publisher = await Child.start('publisher', 'fanout-publisher.js', env);
  try {
    for (const c of [publisher, ...procs]) await c.measureOffset();
    const cpu = cpuWindow({
      consumers: procs.map((p) => p.proc.pid!),
      publisher: [publisher.proc.pid!],
      bench: [process.pid],
    });
    const {
      result: d,
      cpu: cpuFigures,
      window,
    } = await measuredWindow(cpu, settings, (bounds) =>
      publisher.request<FanoutDrive>('drive', { rate, ...bounds, prefix: place.prefix }),
    );
    await waitForAll(procs, d.seq.length);

    const issued = new Map<number, { at: number; measured: boolean }>();
    let lastIssued = 0;
    let measuredMessages = 0;
    for (let i = 0; i < d.seq.length; i++) {
      const at = d.issuedAt[i] - publisher.offsetMs;
      const measured = d.issuedAt[i] >= d.warmupEndsAt;
      if (measured) measuredMessages++;
      issued.set(d.seq[i], { at, measured });
      lastIssued = Math.max(lastIssued, at);
    }
    const all: number[] = [];
    let inWindow = 0;
    let lastReceipt = 0;
    let exactlyOnce = true;
    for (const p of procs) {
      const byName = await p.request<Record<string, FanoutReceipts>>('receipts');
      for (const r of Object.values(byName)) {
        const seen = new Set<number>();
        for (let i = 0; i < r.at.length; i++) {
          const at = r.at[i] - p.offsetMs;
          lastReceipt = Math.max(lastReceipt, at);
          if (at >= window.begin && at < window.end) inWindow++;
          if (seen.has(r.seq[i])) {
            exactlyOnce = false;
            continue;
          }
          seen.add(r.seq[i]);
          const m = issued.get(r.seq[i]);
          if (m?.measured) all.push(at - m.at);
        }
        if (seen.size !== issued.size) exactlyOnce = false;
      }
    }
    const cpuSeconds = ((cpuFigures.consumers ?? 0) / 100) * ((window.end - window.begin) / 1000);
    return {
      consumers,
      processes,
      rate,
      publishToHandler: percentiles(all),
      messagesPerSecond: measuredMessages / settings.seconds,
      publishErrors: d.errors,
      drainSeconds: Math.max(0, lastReceipt - lastIssued) / 1000,
      exactlyOnce,
      cpuPerDeliveryMs: inWindow ? (cpuSeconds * 1000) / inWindow : 0,
      deliveriesInWindow: inWindow,
      cpu: cpuFigures,
    };
  } finally {
    await publisher.stop();
    for (const p of procs) await p.stop();
  }
}

/** Until every consumer has `expected` messages, or none got anything new for 10 s. */
async function waitForAll(procs: Child[], expected: number): Promise<void> {
  let last = -1;
  let stillSince = Date.now();
  for (;;) {
    const counts = await Promise.all(procs.map((p) => p.request<Record<string, number>>('counts')));
    const values = counts.flatMap((c) => Object.values(c));
    if (values.every((n) => n >= expected)) return;
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum !== last) [last, stillSince] = [sum, Date.now()];
    else if (Date.now() - stillSince > 10_000) {
      log(`raw fan-out stalled at ${values.join(', ')} of ${expected}`);
      return;
    }
    await sleep(200);
  }
}
