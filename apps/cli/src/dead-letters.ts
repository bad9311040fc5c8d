import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { CliSettings } from './settings.js';

export interface DeadLetter {
  seq: number;
  plugin: string;
  subject: string;
  originalSubject: string;
  eventId: string;
  attempts: number;
  error: string;
  data: Uint8Array;
}

/** Reads and replays the dead-letter stream `<stream>_DLQ` the plugin SDK writes to. */
export class DeadLetters {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly s: CliSettings,
  ) {}

  static async open(s: CliSettings): Promise<DeadLetters> {
    return new DeadLetters(await connect({ servers: s.natsUrl, name: 'casehub-cli' }), s);
  }

  get stream(): string {
    return `${this.s.stream}_DLQ`;
  }

  async list(plugin?: string, limit = 1000): Promise<DeadLetter[]> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.streams.info(this.stream).catch(() => null);
    if (!info?.state.messages) return [];
    const filter = `${this.s.prefix}.dlq.${plugin ?? '*'}.>`;
    const name = `cli_${Date.now().toString(36)}`;
    await jsm.consumers.add(this.stream, {
      name,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      inactive_threshold: 30_000_000_000,
    });
    const consumer = await jetstream(this.nc).consumers.get(this.stream, name);
    const pending = (await consumer.info()).num_pending;
    const out: DeadLetter[] = [];
    if (pending > 0) {
      for await (const m of await consumer.fetch({
        max_messages: Math.min(pending, limit),
        expires: 5_000,
      })) {
        const h = m.headers;
        out.push({
          seq: m.seq,
          plugin: h?.get('CaseHub-Plugin') ?? '',
          subject: m.subject,
          originalSubject: h?.get('CaseHub-Original-Subject') ?? '',
          eventId: h?.get('CaseHub-Event-Id') ?? '',
          attempts: Number(h?.get('CaseHub-Attempts') ?? 0),
          error: h?.get('CaseHub-Error') ?? '',
          data: m.data,
        });
        if (out.length >= Math.min(pending, limit)) break;
      }
    }
    await jsm.consumers.delete(this.stream, name).catch(() => undefined);
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

  async close(): Promise<void> {
    await this.nc.close();
  }
}
