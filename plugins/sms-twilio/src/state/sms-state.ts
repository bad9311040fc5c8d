import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import type { DeliveryStatus } from '@casehub/domain';

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

/** The furthest delivery status reported to the core for a reply. */
export interface ReportedStatus {
  status: DeliveryStatus;
  revision: number;
}

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: the texts being
 * sent (nothing twice across crashes) and each reply's delivery status (never backwards).
 */
export class SmsState {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, stream: string): Promise<SmsState> {
    const kv = await new Kvm(nc).create(`casehub_sms_twilio_${stream}`, { history: 1 });
    return new SmsState(kv);
  }

  async sending(key: string): Promise<SendRecord | null> {
    const e = await this.kv.get(`send.${safe(key)}`);
    return e && e.operation === 'PUT' ? e.json<SendRecord>() : null;
  }

  /** Records a text as being sent, unless a record is there already (then that one is returned). */
  async beginSending(key: string, record: SendRecord): Promise<SendRecord> {
    try {
      await this.kv.create(`send.${safe(key)}`, JSON.stringify(record));
      return record;
    } catch (err) {
      const existing = await this.sending(key);
      if (existing) return existing;
      throw err;
    }
  }

  async saveSending(key: string, record: SendRecord): Promise<void> {
    await this.kv.put(`send.${safe(key)}`, JSON.stringify(record));
  }

  /** Which message a sid was sent for (a reconciliation must not claim another message's text). */
  async ownerOf(sid: string): Promise<string | null> {
    const e = await this.kv.get(`sid.${safe(sid)}`);
    return e && e.operation === 'PUT' ? e.string() : null;
  }

  async claim(sid: string, key: string): Promise<void> {
    await this.kv.put(`sid.${safe(sid)}`, key);
  }

  async reported(messageId: string): Promise<ReportedStatus | null> {
    const e = await this.kv.get(`status.${safe(messageId)}`);
    return e && e.operation === 'PUT'
      ? { status: e.string() as DeliveryStatus, revision: e.revision }
      : null;
  }

  /**
   * Records the status reported, if nobody recorded another since `revision` (0: none yet).
   * False when another replica got there first.
   */
  async recordReported(
    messageId: string,
    status: DeliveryStatus,
    revision: number,
  ): Promise<boolean> {
    const key = `status.${safe(messageId)}`;
    try {
      if (revision === 0) await this.kv.create(key, status);
      else await this.kv.update(key, status, revision);
      return true;
    } catch {
      return false;
    }
  }
}

/** KV keys take letters, digits, `-`, `_`, `=` and `.` separators: anything else is hashed. */
function safe(s: string): string {
  return /^[A-Za-z0-9_=-]{1,200}$/.test(s)
    ? s
    : createHash('sha256').update(s).digest('hex').slice(0, 40);
}
