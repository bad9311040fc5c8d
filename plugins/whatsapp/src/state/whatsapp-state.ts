import type { NatsConnection } from '@nats-io/transport-node';
import { KvBucket, kvKey, ReportedStatuses, SendRecords } from '@casehub/plugin-sdk';
import type { Recipient } from '../graph/graph-types.js';
import type { OutboundPart } from '../outbound/outbound-part.js';
import { windowOpen } from '../window/service-window.js';

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
 * Writes are pipelined publishes (KvBucket); what this replica wrote last is not read back.
 */
export class WhatsAppState {
  /** Each reply's furthest delivery status reported (DeliveryReports). */
  readonly statuses: ReportedStatuses;
  /** Each outbound message's progress: nothing sent twice across redeliveries and crashes. */
  readonly sends: SendRecords<SendRecord>;

  private constructor(private readonly kv: KvBucket) {
    this.statuses = new ReportedStatuses(kv);
    this.sends = new SendRecords<SendRecord>(kv);
  }

  static async open(nc: NatsConnection, stream: string): Promise<WhatsAppState> {
    return new WhatsAppState(await KvBucket.open(nc, `casehub_whatsapp_${stream}`));
  }

  /**
   * The customer's window. One this replica recorded open is open (a window only ever moves
   * later), so it is not read again; any other is read as stored.
   */
  async window(handle: string): Promise<CustomerWindow | null> {
    const key = `window.${kvKey(handle)}`;
    const mine = this.kv.remembered(key);
    const known = mine ? (JSON.parse(mine.value) as CustomerWindow) : null;
    if (known && windowOpen(known.lastCustomerMessageAt)) return known;
    const e = await this.kv.get(key);
    return e ? (JSON.parse(e.value) as CustomerWindow) : null;
  }

  /**
   * The customer wrote at `at`: their window runs from then, unless a later message was seen
   * already (webhooks come late and out of order). Replicas race with compare-and-set.
   */
  async customerWrote(handle: string, seen: CustomerWindow): Promise<void> {
    await this.kv.change(`window.${kvKey(handle)}`, (old) => {
      const before = old === null ? null : (JSON.parse(old) as CustomerWindow);
      const next: CustomerWindow = {
        lastCustomerMessageAt:
          before && before.lastCustomerMessageAt > seen.lastCustomerMessageAt
            ? before.lastCustomerMessageAt
            : seen.lastCustomerMessageAt,
        waId: seen.waId ?? before?.waId ?? null,
        userId: seen.userId ?? before?.userId ?? null,
      };
      return before && JSON.stringify(before) === JSON.stringify(next)
        ? null
        : JSON.stringify(next);
    });
  }

  /** The wamid a status webhook reported for a part (`reply.<id>.<n>`), if one came. */
  async wamidOf(partKey: string): Promise<string | null> {
    return (await this.kv.get(`wamid.${kvKey(partKey)}`))?.value ?? null;
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
    const last = e ? (JSON.parse(e.value) as { at: string }) : null;
    if (last && Date.now() - Date.parse(last.at) < everyMs) return false;
    const value = JSON.stringify({ at: new Date().toISOString(), by: replica });
    // A key never written or deleted is created against the marker `get` just saw.
    const claimed = e
      ? await this.kv.update(TEMPLATE_SYNC, value, e.revision)
      : await this.kv.create(TEMPLATE_SYNC, value);
    return claimed !== null; // null: another replica claimed it
  }

  /** A claimed sync that failed: the next replica to look tries again. */
  async releaseTemplateSync(): Promise<void> {
    await this.kv.delete(TEMPLATE_SYNC).catch(() => undefined);
  }
}
