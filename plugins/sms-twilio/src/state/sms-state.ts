import type { NatsConnection } from '@nats-io/transport-node';
import { KvBucket, kvKey, ReportedStatuses, SendRecords } from '@casehub/plugin-sdk';

/**
 * One outbound text (a reply or a survey invitation) on its way: written before the first POST
 * to Twilio, each part's sid written after Twilio's 201. A part without a sid was being sent
 * when the process stopped, or not yet: which one, Twilio's message list tells.
 */
export interface SendRecord {
  to: string;
  /** The bodies, one SMS each (a long reply is split). */
  parts: string[];
  /** Each part's `SM…` sid, null until Twilio accepted it. */
  sids: (string | null)[];
  /** When the first attempt began: a crashed send is looked for from then on. */
  startedAt: string;
}

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: the texts being
 * sent (nothing twice across crashes) and each reply's delivery status (never backwards).
 * Writes are pipelined publishes, reads direct gets (KvBucket).
 */
export class SmsState {
  /** Each reply's furthest delivery status reported (DeliveryReports). */
  readonly statuses: ReportedStatuses;
  /** Each outbound message's progress: nothing sent twice across redeliveries and crashes. */
  readonly sends: SendRecords<SendRecord>;

  private constructor(private readonly kv: KvBucket) {
    this.statuses = new ReportedStatuses(kv);
    this.sends = new SendRecords<SendRecord>(kv);
  }

  static async open(nc: NatsConnection, stream: string): Promise<SmsState> {
    return new SmsState(await KvBucket.open(nc, `casehub_sms_twilio_${stream}`));
  }

  /** Which message a sid was sent for (a reconciliation must not claim another message's text). */
  async ownerOf(sid: string): Promise<string | null> {
    return (await this.kv.get(`sid.${kvKey(sid)}`))?.value ?? null;
  }

  async claim(sid: string, key: string): Promise<void> {
    await this.kv.put(`sid.${kvKey(sid)}`, key);
  }
}
