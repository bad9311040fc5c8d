import type { NatsConnection } from '@nats-io/transport-node';
import { KvBucket, kvKey, ReportedStatuses, SendRecords } from '@casehub/plugin-sdk';
import type { AttachmentType } from '../graph/graph-client.js';
import type { Person } from '../people/person.js';
import type { SentReply } from '../outbound/watermarks.js';

/** One message of an outbound send: some words, or one attachment. */
export type OutboundPart =
  | { kind: 'text'; text: string }
  | {
      kind: 'attachment';
      type: AttachmentType;
      filename: string;
      contentType: string;
      /** `nats-object://…` (uploaded with the send) or http(s) (Meta fetches it). */
      url: string;
    };

/**
 * A reply or survey invitation on its way: written before the first POST, each part's mid after
 * Meta's answer. `inFlight` names the part whose POST went out without an answer written back
 * (the process stopped): whether Meta has it, the conversation tells.
 */
export interface SendRecord {
  person: Person;
  messagingType: 'RESPONSE' | 'MESSAGE_TAG';
  tag: 'HUMAN_AGENT' | null;
  parts: OutboundPart[];
  mids: (string | null)[];
  /** When each part's POST began (ISO), null before. */
  postedAt: (string | null)[];
  inFlight: number | null;
}

/** Up to when a person's Messenger confirmed delivery and reading (ms). */
export interface Watermarks {
  delivered: number;
  read: number;
}

/** A person's profile name, and when it was looked up. */
interface CachedName {
  name: string | null;
  at: number;
}

/** Replies kept per person for their watermarks: enough for a week's conversation. */
const MAX_SENT_REPLIES = 200;
const REPLY_MEMORY_MS = 8 * 24 * 3_600_000;

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: each person's
 * last message (their windows), profile names, sends in progress (nothing twice across
 * crashes), the replies sent to each person and their watermarks (delivery and read reports),
 * and each reply's reported status (never backwards). Writes are pipelined publishes
 * (KvBucket), and a key this replica wrote last is changed without reading it first.
 */
export class MessengerState {
  /** Each reply's furthest delivery status reported (DeliveryReports). */
  readonly statuses: ReportedStatuses;
  /** Each outbound message's progress: nothing sent twice across redeliveries and crashes. */
  readonly sends: SendRecords<SendRecord>;

  private constructor(private readonly kv: KvBucket) {
    this.statuses = new ReportedStatuses(kv);
    this.sends = new SendRecords<SendRecord>(kv);
  }

  static async open(nc: NatsConnection, stream: string): Promise<MessengerState> {
    return new MessengerState(await KvBucket.open(nc, `casehub_messenger_${stream}`));
  }

  /**
   * When the person last wrote to us; null if never. A time this replica recorded within
   * `freshMs` is not read again: a person's last message only ever moves later.
   */
  async lastCustomerMessage(p: Person, freshMs = 0): Promise<Date | null> {
    const key = `window.${personKey(p)}`;
    const mine = this.kv.remembered(key);
    if (mine && Date.now() - Date.parse(mine.value) < freshMs) return new Date(mine.value);
    const e = await this.kv.get(key);
    return e ? new Date(e.value) : null;
  }

  /** Records a message of the person's: their windows open at its time (never moved back). */
  async customerWrote(p: Person, at: Date): Promise<void> {
    await this.raise(`window.${personKey(p)}`, (old) =>
      old !== null && Date.parse(old) >= at.getTime() ? null : at.toISOString(),
    );
  }

  async cachedName(p: Person): Promise<CachedName | null> {
    const e = await this.kv.latest(`profile.${personKey(p)}`);
    return e ? (JSON.parse(e.value) as CachedName) : null;
  }

  async cacheName(p: Person, name: string | null): Promise<void> {
    await this.kv.put(
      `profile.${personKey(p)}`,
      JSON.stringify({ name, at: Date.now() } satisfies CachedName),
    );
  }

  /** Which send a mid belongs to (a reconciliation must not claim another message's words). */
  async ownerOf(mid: string): Promise<string | null> {
    return (await this.kv.get(`mid.${kvKey(mid)}`))?.value ?? null;
  }

  async claim(mid: string, key: string): Promise<void> {
    await this.kv.put(`mid.${kvKey(mid)}`, key);
  }

  /** The replies sent to the person lately, oldest first. */
  async sentReplies(p: Person): Promise<SentReply[]> {
    const e = await this.kv.get(`sent.${personKey(p)}`);
    return e ? (JSON.parse(e.value) as SentReply[]) : [];
  }

  async addSentReply(p: Person, reply: SentReply): Promise<void> {
    await this.raise(`sent.${personKey(p)}`, (old) => {
      const list = old ? (JSON.parse(old) as SentReply[]) : [];
      if (list.some((r) => r.messageId === reply.messageId)) return null;
      const recent = list.filter((r) => r.at > Date.now() - REPLY_MEMORY_MS);
      return JSON.stringify([...recent, reply].slice(-MAX_SENT_REPLIES));
    });
  }

  async watermarks(p: Person): Promise<Watermarks> {
    const e = await this.kv.get(`marks.${personKey(p)}`);
    return e ? (JSON.parse(e.value) as Watermarks) : { delivered: 0, read: 0 };
  }

  /** Raises the person's delivered (and, for a read, read) watermark; never lowers one. */
  async raiseWatermark(p: Person, status: 'delivered' | 'read', at: number): Promise<void> {
    await this.raise(`marks.${personKey(p)}`, (old) => {
      const marks: Watermarks = old ? (JSON.parse(old) as Watermarks) : { delivered: 0, read: 0 };
      const next = {
        delivered: Math.max(marks.delivered, at),
        read: status === 'read' ? Math.max(marks.read, at) : marks.read,
      };
      return next.delivered === marks.delivered && next.read === marks.read
        ? null
        : JSON.stringify(next);
    });
  }

  /**
   * Changes a key with compare-and-set, so that replicas changing it at once lose nothing:
   * `change` gets the old value and returns the new one, or null to leave it.
   */
  private async raise(key: string, change: (old: string | null) => string | null): Promise<void> {
    await this.kv.change(key, change);
  }
}

/** `messenger.6912345678901234`: a person's part of a key. */
function personKey(p: Person): string {
  return `${p.platform}.${kvKey(p.id)}`;
}
