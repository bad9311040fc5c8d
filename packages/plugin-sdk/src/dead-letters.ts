import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';
import { DEAD_LETTER_HEADERS as H, deadLetterStream } from './dead-letter.js';

/** An event a plugin gave up on, with why. */
export interface DeadLetter {
  /** Its sequence in the dead-letter stream: what `replay` and `casehub dlq replay --seq` take. */
  seq: number;
  plugin: string;
  subject: string;
  originalSubject: string;
  eventId: string;
  attempts: number;
  error: string;
  data: Uint8Array;
}

/**
 * Reads and replays the dead-letter stream `<stream>_DLQ` the transport writes to (the CLI's
 * `casehub dlq`, and the testkit, are built on it).
 */
export class DeadLetters {
  constructor(
    private readonly nc: NatsConnection,
    private readonly eventStream: string,
    private readonly prefix = 'casehub',
  ) {}

  get stream(): string {
    return deadLetterStream(this.eventStream);
  }

  /** The oldest first; only one plugin's when `plugin` is given. */
  async list(plugin?: string, limit = 1000): Promise<DeadLetter[]> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.streams.info(this.stream).catch(() => null);
    if (!info?.state.messages) return [];
    const name = `dlq_reader_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await jsm.consumers.add(this.stream, {
      name,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${this.prefix}.dlq.${plugin ?? '*'}.>`,
      inactive_threshold: 30_000_000_000, // an ephemeral reader left behind goes away
    });
    const out: DeadLetter[] = [];
    try {
      const consumer = await jetstream(this.nc).consumers.get(this.stream, name);
      const wanted = Math.min((await consumer.info()).num_pending, limit);
      if (wanted > 0) {
        for await (const m of await consumer.fetch({ max_messages: wanted, expires: 5_000 })) {
          const h = m.headers;
          out.push({
            seq: m.seq,
            plugin: h?.get(H.plugin) ?? '',
            subject: m.subject,
            originalSubject: h?.get(H.originalSubject) ?? '',
            eventId: h?.get(H.eventId) ?? '',
            attempts: Number(h?.get(H.attempts) ?? 0),
            error: h?.get(H.error) ?? '',
            data: m.data,
          });
          if (out.length >= wanted) break;
        }
      }
    } finally {
      await jsm.consumers.delete(this.stream, name).catch(() => undefined);
    }
    return out;
  }

  /**
   * Puts dead letters back on their original subject and removes them from the dead-letter stream.
   * Other plugins already handled the event (their inbox knows its id) and pass it over; the
   * plugin that gave up on it takes it again.
   */
  async replay(letters: DeadLetter[]): Promise<number> {
    const js = jetstream(this.nc);
    const jsm = await jetstreamManager(this.nc);
    let n = 0;
    for (const l of letters) {
      if (!l.originalSubject) continue;
      await js.publish(l.originalSubject, l.data, { msgID: `${l.eventId}:replay:${l.seq}` });
      await jsm.streams.deleteMessage(this.stream, l.seq);
      n++;
    }
    return n;
  }
}

/** The CloudEvent a dead letter holds. */
export function deadLetterEvent(letter: DeadLetter): CloudEvent {
  return JSON.parse(new TextDecoder().decode(letter.data)) as CloudEvent;
}
