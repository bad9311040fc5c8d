import { decodeSmpp } from './decode-smpp.js';

/** One received part of a concatenated SMS. */
export interface ConcatenatedPart {
  /**
   * Who sent it (the `deliver_sm` `source_addr`): a reference is only unique per sender. Add
   * anything else that scopes it, e.g. `${source_addr}>${destination_addr}`.
   */
  readonly from: string;
  readonly ref: number;
  readonly total: number;
  /** Counts from 1. */
  readonly seq: number;
  /** The part's SMPP `data_coding`, as `decodeSmpp` takes it. */
  readonly dataCoding: number;
  /** The part's octets after its User Data Header (see `readUdh`). */
  readonly payload: Uint8Array;
}

/** A message some of whose parts never came, given up by {@link ConcatenatedParts.evictExpired}. */
export interface IncompleteMessage {
  readonly from: string;
  readonly ref: number;
  readonly total: number;
  /** The sequence numbers that arrived, ascending. */
  readonly received: readonly number[];
  /** The text of the parts that arrived, in order, with nothing where the others belong. */
  readonly text: string;
}

/** Options for {@link ConcatenatedParts}. */
export interface ConcatenatedPartsOptions {
  /** How long a message may wait for its missing parts before `evictExpired` gives it up. Default 24 h. */
  readonly maxAgeMs?: number;
  /**
   * How long a completed message is remembered, so that a part the SMSC sends again after the
   * message was complete is recognised (same octets) rather than starting a message that can
   * never complete. Default 10 minutes.
   */
  readonly duplicateWindowMs?: number;
  /** The clock, in milliseconds (tests pass their own). Default `Date.now`. */
  readonly now?: () => number;
}

interface Pending {
  readonly from: string;
  readonly ref: number;
  readonly total: number;
  readonly firstAt: number;
  readonly parts: Map<number, ConcatenatedPart>;
}

interface Completed {
  readonly at: number;
  readonly parts: ReadonlyMap<number, ConcatenatedPart>;
}

/**
 * Puts concatenated SMS parts back together, whatever order they arrive in: `add` gives the whole
 * text once the last missing part arrives, and null until then. A part received twice (an SMSC
 * redelivering) counts once, even shortly after its message was complete. Call `evictExpired` now
 * and then, so that a message whose parts never all come is handed back rather than kept for ever.
 *
 * Parts are held in this process's memory, so every part of one message must reach it. An SMSC
 * may spread one message's parts over all the binds of an account, so with several receiving
 * binds (several replicas of a plugin) keep one receiver per account, or the parts in a store the
 * replicas share.
 *
 * @example
 * const parts = new ConcatenatedParts();
 * parts.add({ from: '+447700900123', ref: 7, total: 2, seq: 2, dataCoding: 0, payload: Buffer.from('ld') }); // null
 * parts.add({ from: '+447700900123', ref: 7, total: 2, seq: 1, dataCoding: 0, payload: Buffer.from('Hello wor') }); // 'Hello world'
 */
export class ConcatenatedParts {
  private readonly pending = new Map<string, Pending>();
  private readonly completed = new Map<string, Completed>();
  private readonly maxAgeMs: number;
  private readonly duplicateWindowMs: number;
  private readonly now: () => number;

  constructor(options: ConcatenatedPartsOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.duplicateWindowMs = options.duplicateWindowMs ?? 10 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Records a part.
   *
   * @returns the whole text when this part completes its message, else null.
   * @throws RangeError unless 1 ≤ seq ≤ total (`readUdh` only reports such parts).
   */
  add(part: ConcatenatedPart): string | null {
    const { from, ref, total, seq } = part;
    if (!Number.isInteger(total) || !Number.isInteger(seq) || seq < 1 || seq > total) {
      throw new RangeError(`A part must have 1 ≤ seq ≤ total, not seq ${seq} of ${total}.`);
    }
    if (total === 1) return decodeSmpp(part.dataCoding, part.payload);
    // The total is part of the key: a sender reusing a reference for a message of another length
    // starts a new message instead of spoiling the one still waiting.
    const key = JSON.stringify([from, ref, total]);
    const now = this.now();
    this.forgetCompletedBefore(now - this.duplicateWindowMs);
    let message = this.pending.get(key);
    if (!message) {
      const earlier = this.completed.get(key)?.parts.get(seq);
      if (earlier && Buffer.from(earlier.payload).equals(part.payload)) return null;
      message = { from, ref, total, firstAt: now, parts: new Map() };
      this.pending.set(key, message);
    }
    if (!message.parts.has(seq)) message.parts.set(seq, part);
    if (message.parts.size < total) return null;
    this.pending.delete(key);
    this.completed.delete(key); // re-inserted last, keeping the map in completion order
    this.completed.set(key, { at: now, parts: message.parts });
    return textOf(inOrder(message));
  }

  /** Gives up, and hands back, every message that has waited longer than `maxAgeMs`. */
  evictExpired(): IncompleteMessage[] {
    const cutoff = this.now() - this.maxAgeMs;
    const evicted: IncompleteMessage[] = [];
    for (const [key, message] of this.pending) {
      if (message.firstAt > cutoff) continue;
      this.pending.delete(key);
      const parts = inOrder(message);
      evicted.push({
        from: message.from,
        ref: message.ref,
        total: message.total,
        received: parts.map((p) => p.seq),
        text: textOf(parts),
      });
    }
    return evicted;
  }

  /** How many messages are waiting for parts. */
  get size(): number {
    return this.pending.size;
  }

  private forgetCompletedBefore(cutoff: number): void {
    for (const [key, { at }] of this.completed) {
      if (at >= cutoff) break;
      this.completed.delete(key);
    }
  }
}

function inOrder(message: Pending): ConcatenatedPart[] {
  return [...message.parts.values()].sort((a, b) => a.seq - b.seq);
}

// The octets are joined before decoding: a part may end inside an escape or a surrogate pair.
function textOf(parts: readonly ConcatenatedPart[]): string {
  const coding = parts[0].dataCoding;
  if (parts.every((p) => p.dataCoding === coding)) {
    return decodeSmpp(coding, Buffer.concat(parts.map((p) => p.payload)));
  }
  return parts.map((p) => decodeSmpp(p.dataCoding, p.payload)).join('');
}
