/**
 * Open-model HTTP load: requests go out at a fixed rate, each at its own time whether or not the
 * ones before it have come back, over a pool of keep-alive connections (undici's Pool; a request
 * that finds every connection busy waits in the pool's queue). Each request's latency runs from
 * the time it was due, not the time it left, so a server that falls behind is charged for the
 * queue it causes (no coordinated omission).
 */
import { Pool } from 'undici';
import { percentiles, type Percentiles } from './stats.js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OpenLoadOptions {
  origin: string;
  /** Requests per second. */
  rate: number;
  warmupMs: number;
  measureMs: number;
  connections: number;
  /** The status a request should get; anything else is counted apart. */
  expect: number;
  /** The i-th request of the run (warm-up included). */
  request: (i: number) => LoadRequest;
  /** Told of each request answered with `expect` (to check later what it did). */
  onAnswered?: (i: number) => void;
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

export interface OpenLoadOutcome {
  targetRate: number;
  measuredSeconds: number;
  /** Requests due in the measured window. */
  requests: number;
  /** Of those, answered with the expected status. */
  answered: number;
  /** Answers with the expected status that came back inside the measured window, per second. */
  answeredPerSecond: number;
  /** Due → answered (expected status), requests due in the measured window. */
  latency: Percentiles;
  /** Sent → answered: the latency without the time spent waiting for a free connection. */
  service: Percentiles;
  /** How late requests left against their schedule (the load generator's own lag). */
  sendLag: Percentiles;
  /** Responses of the measured window by status code. */
  statuses: Record<string, number>;
  /** Of the measured window: statuses other than the expected one, and requests with no answer. */
  unexpected: number;
  errors: Record<string, { count: number; sample: string }>;
  /** Mean response body size, bytes. */
  meanBodyBytes: number;
  /** The same counts for the warm-up (not in the figures above). */
  warmup: { requests: number; answered: number; unexpected: number };
  /** Most connections open at once. */
  connectionsUsed: number;
}

const TIMEOUT_MS = 30_000;

export async function openLoad(o: OpenLoadOptions): Promise<OpenLoadOutcome> {
  const pool = new Pool(o.origin, {
    connections: o.connections,
    pipelining: 1,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
    keepAliveTimeout: 60_000,
  });
  const interval = 1000 / o.rate;
  const total = Math.round(((o.warmupMs + o.measureMs) / 1000) * o.rate);
  const firstMeasured = Math.round((o.warmupMs / 1000) * o.rate);
  const due = new Float64Array(total);
  const sent = new Float64Array(total);
  const done = new Float64Array(total);
  const status = new Int16Array(total); // 0: no answer (an error)
  const bytes = new Float64Array(total);
  const errors: OpenLoadOutcome['errors'] = {};
  let connectionsUsed = 0;
  const inFlight = new Set<Promise<void>>();

  const fire = (i: number) => {
    const r = o.request(i);
    sent[i] = performance.now();
    const p = (async () => {
      try {
        const res = await pool.request({
          origin: o.origin,
          method: r.method,
          path: r.path,
          headers: r.headers,
          body: r.body,
        });
        let n = 0;
        for await (const chunk of res.body) n += (chunk as Buffer).length;
        done[i] = performance.now();
        status[i] = res.statusCode;
        bytes[i] = n;
        if (res.statusCode === o.expect) o.onAnswered?.(i);
      } catch (err) {
        done[i] = performance.now();
        const e = err as Error & { code?: string };
        const kind = e.code ?? e.name;
        errors[kind] ??= { count: 0, sample: e.message.slice(0, 300) };
        errors[kind].count++;
      }
      connectionsUsed = Math.max(connectionsUsed, pool.stats.connected);
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const start = performance.now() + 20;
  const measureStart = start + o.warmupMs;
  const measureEnd = measureStart + o.measureMs;
  const timers = [
    setTimeout(() => o.onMeasureStart?.(), measureStart - performance.now()),
    setTimeout(() => o.onMeasureEnd?.(), measureEnd - performance.now()),
  ];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out; a late tick sends its backlog at once.
      while (next < total && start + next * interval <= now) {
        due[next] = start + next * interval;
        fire(next++);
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, start - performance.now());
  });
  while (inFlight.size) await Promise.all([...inFlight]);
  for (const t of timers) clearTimeout(t);
  await pool.close();

  const latency: number[] = [];
  const service: number[] = [];
  const sendLag: number[] = [];
  const statuses: Record<string, number> = {};
  let answered = 0;
  let answeredInWindow = 0;
  let unexpected = 0;
  let bodyBytes = 0;
  const warmup = { requests: firstMeasured, answered: 0, unexpected: 0 };
  for (let i = 0; i < total; i++) {
    const ok = status[i] === o.expect;
    if (i < firstMeasured) {
      if (ok) warmup.answered++;
      else warmup.unexpected++;
      continue;
    }
    const key = status[i] ? String(status[i]) : 'no answer';
    statuses[key] = (statuses[key] ?? 0) + 1;
    sendLag.push(sent[i] - due[i]);
    if (!ok) {
      unexpected++;
      continue;
    }
    answered++;
    bodyBytes += bytes[i];
    latency.push(done[i] - due[i]);
    service.push(done[i] - sent[i]);
  }
  for (let i = 0; i < total; i++)
    if (status[i] === o.expect && done[i] >= measureStart && done[i] < measureEnd)
      answeredInWindow++;
  return {
    targetRate: o.rate,
    measuredSeconds: o.measureMs / 1000,
    requests: total - firstMeasured,
    answered,
    answeredPerSecond: answeredInWindow / (o.measureMs / 1000),
    latency: percentiles(latency),
    service: percentiles(service),
    sendLag: percentiles(sendLag),
    statuses,
    unexpected,
    errors,
    meanBodyBytes: answered ? bodyBytes / answered : 0,
    warmup,
    connectionsUsed,
  };
}
