import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { kvKey, ReportedStatuses, SendRecords } from '@casehub/plugin-sdk';
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
 * and each reply's reported status (never backwards).
 */
export class MessengerState {
  /** Each reply's furthest delivery status reported (DeliveryReports). */
  readonly statuses: ReportedStatuses;
  /** Each outbound message's progress: nothing sent twice across redeliveries and crashes. */
  readonly sends: SendRecords<SendRecord>;

  private constructor(private readonly kv: KV) {
    this.statuses = new ReportedStatuses(kv);
    this.sends = new SendRecords<SendRecord>(kv);
  }

  static async open(nc: NatsConnection, stream: string): Promise<MessengerState> {
    return new MessengerState(
      await new Kvm(nc).create(`casehub_messenger_${stream}`, { history: 1 }),
    );
  }

  /** When the person last wrote to us; null if never. */
  async lastCustomerMessage(p: Person): Promise<Date | null> {
    const e = await this.kv.get(`window.${personKey(p)}`);
    return e && e.operation === 'PUT' ? new Date(e.string()) : null;
  }

  /** Records a message of the person's: their windows open at its time (never moved back). */
  async customerWrote(p: Person, at: Date): Promise<void> {
    await this.raise(`window.${personKey(p)}`, (old) =>
      old !== null && Date.parse(old) >= at.getTime() ? null : at.toISOString(),
    );
  }

  async cachedName(p: Person): Promise<CachedName | null> {
    const e = await this.kv.get(`profile.${personKey(p)}`);
    return e && e.operation === 'PUT' ? e.json<CachedName>() : null;
  }

  async cacheName(p: Person, name: string | null): Promise<void> {
    await this.kv.put(
      `profile.${personKey(p)}`,
      JSON.stringify({ name, at: Date.now() } satisfies CachedName),
    );
  }

  /** Which send a mid belongs to (a reconciliation must not claim another message's words). */
  async ownerOf(mid: string): Promise<string | null> {
    const e = await this.kv.get(`mid.${kvKey(mid)}`);
    return e && e.operation === 'PUT' ? e.string() : null;
  }

  async claim(mid: string, key: string): Promise<void> {
    await this.kv.put(`mid.${kvKey(mid)}`, key);
  }

  /** The replies sent to the person lately, oldest first. */
  async sentReplies(p: Person): Promise<SentReply[]> {
    const e = await this.kv.get(`sent.${personKey(p)}`);
    return e && e.operation === 'PUT' ? e.json<SentReply[]>() : [];
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
    return e && e.operation === 'PUT' ? e.json<Watermarks>() : { delivered: 0, read: 0 };
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
    for (let attempt = 1; ; attempt++) {
      const e = await this.kv.get(key);
      const old = e && e.operation === 'PUT' ? e.string() : null;
      const next = change(old);
      if (next === null) return;
      try {
        if (!e) await this.kv.create(key, next);
        else await this.kv.update(key, next, e.revision);
        return;
      } catch (err) {
        if (attempt >= 10) throw err;
      }
    }
  }
}

/** `messenger.6912345678901234`: a person's part of a key. */
function personKey(p: Person): string {
  return `${p.platform}.${kvKey(p.id)}`;
}
