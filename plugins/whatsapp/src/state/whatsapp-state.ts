import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { kvKey, ReportedStatuses, SendRecords } from '@casehub/plugin-sdk';
import type { Recipient } from '../graph/graph-types.js';
import type { OutboundPart } from '../outbound/outbound-part.js';

/** What the plugin knows of a customer's WhatsApp identity and 24-hour window. */
export interface CustomerWindow {
  /** When the customer last wrote (the message's own time): the window runs 24 h from it. */
  lastCustomerMessageAt: string;
  /** Their phone (wa_id), as Meta sent it. */
  waId: string | null;
  /** Their business-scoped user id, spelled as Meta sent it (the hub keeps handles lower-case). */
  userId: string | null;
}

/**
 * One outbound WhatsApp message (a reply or a survey invitation), written before the first
 * request to Graph. Each part is one Graph message; `postedAt` is written just before its POST
 * and its wamid after Graph's answer, so a part with `postedAt` and no wamid was in Graph's
 * hands when the process stopped (its status webhook tells whether Meta took it).
 */
export interface SendRecord {
  recipient: Recipient;
  parts: OutboundPart[];
  wamids: (string | null)[];
  postedAt: (string | null)[];
  startedAt: string;
}

const TEMPLATE_SYNC = 'templates.sync';

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: customers'
 * windows, messages being sent (nothing twice across crashes), wamids learnt from status
 * webhooks, each reply's delivery status (never backwards) and who synced templates last.
 */
export class WhatsAppState {
  /** Each reply's furthest delivery status reported (DeliveryReports). */
  readonly statuses: ReportedStatuses;
  /** Each outbound message's progress: nothing sent twice across redeliveries and crashes. */
  readonly sends: SendRecords<SendRecord>;

  private constructor(private readonly kv: KV) {
    this.statuses = new ReportedStatuses(kv);
    this.sends = new SendRecords<SendRecord>(kv);
  }

  static async open(nc: NatsConnection, stream: string): Promise<WhatsAppState> {
    const kv = await new Kvm(nc).create(`casehub_whatsapp_${stream}`, { history: 1 });
    return new WhatsAppState(kv);
  }

  async window(handle: string): Promise<CustomerWindow | null> {
    const e = await this.kv.get(`window.${kvKey(handle)}`);
    return e && e.operation === 'PUT' ? e.json<CustomerWindow>() : null;
  }

  /**
   * The customer wrote at `at`: their window runs from then, unless a later message was seen
   * already (webhooks come late and out of order). Replicas race with compare-and-set.
   */
  async customerWrote(handle: string, seen: CustomerWindow): Promise<void> {
    const key = `window.${kvKey(handle)}`;
    for (let attempt = 1; ; attempt++) {
      const e = await this.kv.get(key);
      const before = e && e.operation === 'PUT' ? e.json<CustomerWindow>() : null;
      const next: CustomerWindow = {
        lastCustomerMessageAt:
          before && before.lastCustomerMessageAt > seen.lastCustomerMessageAt
            ? before.lastCustomerMessageAt
            : seen.lastCustomerMessageAt,
        waId: seen.waId ?? before?.waId ?? null,
        userId: seen.userId ?? before?.userId ?? null,
      };
      if (before && JSON.stringify(before) === JSON.stringify(next)) return;
      try {
        if (e) await this.kv.update(key, JSON.stringify(next), e.revision);
        else await this.kv.create(key, JSON.stringify(next));
        return;
      } catch (err) {
        if (attempt >= 5) throw err; // another replica wrote in between: read again
      }
    }
  }

  /** The wamid a status webhook reported for a part (`reply.<id>.<n>`), if one came. */
  async wamidOf(partKey: string): Promise<string | null> {
    const e = await this.kv.get(`wamid.${kvKey(partKey)}`);
    return e && e.operation === 'PUT' ? e.string() : null;
  }

  async learnWamid(partKey: string, wamid: string): Promise<void> {
    await this.kv.put(`wamid.${kvKey(partKey)}`, wamid);
  }

  /**
   * Claims the next template sync for this replica: true when the last one is older than
   * `everyMs` (by the clock of whoever wrote it; a few seconds of skew do not matter at this
   * scale) and no other replica claimed it first.
   */
  async claimTemplateSync(everyMs: number, replica: string): Promise<boolean> {
    const e = await this.kv.get(TEMPLATE_SYNC);
    const last = e && e.operation === 'PUT' ? e.json<{ at: string }>() : null;
    if (last && Date.now() - Date.parse(last.at) < everyMs) return false;
    const value = JSON.stringify({ at: new Date().toISOString(), by: replica });
    try {
      if (e) await this.kv.update(TEMPLATE_SYNC, value, e.revision);
      else await this.kv.create(TEMPLATE_SYNC, value);
      return true;
    } catch {
      return false; // another replica claimed it
    }
  }

  /** A claimed sync that failed: the next replica to look tries again. */
  async releaseTemplateSync(): Promise<void> {
    await this.kv.delete(TEMPLATE_SYNC).catch(() => undefined);
  }
}
