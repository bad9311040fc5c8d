/**
 * What the outbound benchmarks (`bench:email`, `bench:sms`) do with the plugin's stream: publish
 * `message.created` events as the relay would, wait until the stream holds what the plugin
 * reported, tally its delivery reports, count its dead letters.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { subjectOf, type InboundDelivery } from '@casehub/domain';
import { sleep, wallMs } from './clock.js';

/** What the delivery reports of a run say, by the last status of each message. */
export interface ReportTally {
  /** Reports read about this run's messages. */
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  other: number;
}

export async function streamState(nc: NatsConnection, stream: string) {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state;
}

/** RFC 3339 with nanoseconds to epoch ms. */
function parseTimestamp(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) throw new Error(`unexpected timestamp ${ts}`);
  return Date.parse(m[1] + m[3]) + Number(`0.${m[2] ?? '0'}`) * 1000;
}

/** Waits until the stream holds `n` messages; returns the server's time of the last one. */
export async function whenStreamHolds(
  nc: NatsConnection,
  stream: string,
  n: number,
  timeoutMs: number,
) {
  const t0 = Date.now();
  for (;;) {
    const state = await streamState(nc, stream);
    if (state.messages >= n) return parseTimestamp(state.last_ts);
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`${stream} holds ${state.messages} of ${n} after ${timeoutMs / 1000} s`);
    await sleep(25);
  }
}

/** How long a run of `n` messages may take before the benchmark calls it broken. */
export const timeoutFor = (messages: number) => Math.max(120_000, messages * 30);

/** Publishes like the relay: the event id as Nats-Msg-Id, `window` publishes in flight. */
export async function publishAll(
  nc: NatsConnection,
  p: { messages: readonly { subject: string; id: string; body: string }[] },
  window = 200,
): Promise<number> {
  const js = jetstream(nc);
  let next = 0;
  const worker = async () => {
    while (next < p.messages.length) {
      const m = p.messages[next++];
      await js.publish(m.subject, m.body, { msgID: m.id, timeout: 10_000 });
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return wallMs();
}

/**
 * Reads the `n` delivery reports in the stream (an ordered consumer) and tallies the last status
 * of each of the messages in `ids`.
 */
export async function deliveryReports(
  nc: NatsConnection,
  stream: string,
  prefix: string,
  n: number,
  ids: Set<string>,
): Promise<ReportTally> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subjectOf('inbound.delivery', prefix),
    deliver_policy: DeliverPolicy.All,
  });
  const tally: ReportTally = { total: 0, sent: 0, delivered: 0, failed: 0, other: 0 };
  const byMessage = new Map<string, string>();
  let read = 0;
  const messages = await consumer.consume();
  const timer = setTimeout(() => messages.stop(), 30_000);
  for await (const m of messages) {
    const d = m.json<{ data: InboundDelivery }>().data;
    if (ids.has(d.messageId)) {
      tally.total++;
      byMessage.set(d.messageId, d.status);
    }
    if (++read >= n) break;
  }
  clearTimeout(timer);
  for (const status of byMessage.values()) {
    if (status === 'sent') tally.sent++;
    else if (status === 'delivered') tally.delivered++;
    else if (status === 'failed') tally.failed++;
    else tally.other++;
  }
  return tally;
}

export async function deadLetterCount(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(`${stream}_DLQ`).catch(() => null);
  return info?.state.messages ?? 0;
}
