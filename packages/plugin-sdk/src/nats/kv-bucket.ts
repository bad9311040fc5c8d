import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV, type KvOptions } from '@nats-io/kv';
import { JetStreamPublishError, StreamPublisher } from './stream-publisher.js';

/** A key's value and the revision it was stored at. */
export interface KvValue {
  value: string;
  revision: number;
}

const decoder = new TextDecoder();

/** How many keys' last revisions a bucket remembers (the oldest are forgotten first). */
const REMEMBERED = 20_000;

/**
 * A plugin's key-value bucket, read through the KV client and written pipelined through
 * StreamPublisher (a publish and a map entry per write, where `kv.put` is a request with its own
 * timer and error stack). It remembers each key's value and revision as it last read or wrote
 * them, so a compare-and-set by the replica that wrote a key last needs no read first, and a key
 * never written is created without asking: when another replica wrote in between, the write is
 * refused and the key read again. Nothing is trusted that JetStream has not confirmed.
 */
export class KvBucket {
  /** Each key's value (null: none, or deleted) and revision, as last read or written here. */
  private readonly known = new Map<string, { value: string | null; revision: number }>();
  private readonly changing = new Map<string, Promise<unknown>>();

  constructor(
    readonly kv: KV,
    readonly name: string,
    private readonly publisher: StreamPublisher | null,
  ) {}

  /** A bucket written through the KV client itself (for a KV handed over without a connection). */
  static of(kv: KV | KvBucket): KvBucket {
    if (kv instanceof KvBucket) return kv;
    return new KvBucket(kv, (kv as KV & { bucket?: string }).bucket ?? '', null);
  }

  /** Opens (or creates) the bucket, with its writes over a publisher of their own. */
  static async open(
    nc: NatsConnection,
    name: string,
    options: Partial<KvOptions> = {},
  ): Promise<KvBucket> {
    const kv = await new Kvm(nc).create(name, { history: 1, ...options });
    return new KvBucket(kv, name, new StreamPublisher(nc));
  }

  /** The key's value as stored now (none, or deleted: null). */
  async get(key: string): Promise<KvValue | null> {
    const e = this.publisher ? await this.lastOf(key) : await this.kv.get(key);
    // A delete marker's revision is what a compare-and-set must name to write the key again.
    const value = e && e.operation === 'PUT' ? e.string() : null;
    this.remember(key, value, e?.revision ?? 0);
    return value === null ? null : { value, revision: e!.revision };
  }

  /** The key's last entry, read as the KV client reads it (a direct get), over the publisher. */
  private async lastOf(
    key: string,
  ): Promise<{ operation: string; revision: number; string(): string } | null> {
    const m = await this.publisher!.lastOf(`KV_${this.name}`, this.subject(key));
    if (!m) return null;
    return {
      operation: m.headers.get('KV-Operation') || 'PUT',
      revision: m.seq,
      string: () => decoder.decode(m.data),
    };
  }

  /** The key's value as this process last read or wrote it, else as stored. */
  async latest(key: string): Promise<KvValue | null> {
    const known = this.remembered(key);
    return known === undefined ? this.get(key) : known;
  }

  /** The value as this process last read or wrote it, without asking (undefined: never). */
  remembered(key: string): KvValue | null | undefined {
    const known = this.known.get(key);
    if (!known) return undefined;
    return known.value === null ? null : { value: known.value, revision: known.revision };
  }

  /** Writes the key whatever it holds; resolves with the new revision. */
  async put(key: string, value: string): Promise<number> {
    const seq = this.publisher
      ? (await this.publisher.publish({ subject: this.subject(key), payload: value })).seq
      : await this.kv.put(key, value);
    this.remember(key, value, seq);
    return seq;
  }

  /**
   * Writes the key only if it is still at `revision` (0: never written, or expired); the new
   * revision, or null when another write came first.
   */
  async update(key: string, value: string, revision: number): Promise<number | null> {
    try {
      const seq = this.publisher
        ? await this.publisher.compareAndSet(this.name, key, value, revision)
        : revision === 0
          ? await this.kv.create(key, value)
          : await this.kv.update(key, value, revision);
      this.remember(key, value, seq);
      return seq;
    } catch (err) {
      if (!lostRace(err)) throw err;
      this.known.delete(key);
      return null;
    }
  }

  /**
   * Writes the key only if it holds nothing (as far as this process knows: a key it never saw
   * is tried as never written); the new revision, or null when it holds something.
   */
  create(key: string, value: string): Promise<number | null> {
    const known = this.known.get(key);
    return this.update(key, value, known && known.value === null ? known.revision : 0);
  }

  /**
   * Read-change-write with compare-and-set: `change` gets the current value (null: none) and
   * returns the next, or null to leave the key as it is. The first try uses what this process
   * knows (an unknown key is tried as new); a lost race reads the key and tries again.
   * Resolves with the value the key holds afterwards. Changes of one key in this process go one
   * after the other (they would only lose races to each other).
   */
  change(key: string, change: (current: string | null) => string | null): Promise<string | null> {
    const before = this.changing.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.changeNow(key, change));
    this.changing.set(key, mine);
    void mine
      .catch(() => undefined)
      .finally(() => {
        if (this.changing.get(key) === mine) this.changing.delete(key);
      });
    return mine;
  }

  private async changeNow(
    key: string,
    change: (current: string | null) => string | null,
  ): Promise<string | null> {
    let current = this.known.get(key) ?? { value: null, revision: 0 };
    for (let attempt = 1; ; attempt++) {
      const next = change(current.value);
      if (next === null) return current.value;
      if ((await this.update(key, next, current.revision)) !== null) return next;
      if (attempt >= 10) throw new Error(`cannot change ${key} in ${this.name}: too many writers`);
      // A replica that knows the key writes without reading and would win every time: let it.
      await sleep(Math.random() * 3 * attempt);
      await this.get(key);
      current = this.known.get(key) ?? { value: null, revision: 0 };
    }
  }

  /** Deletes the key (a delete marker, as the KV client writes it). */
  async delete(key: string): Promise<void> {
    if (!this.publisher) {
      await this.kv.delete(key);
      this.known.delete(key);
      return;
    }
    const { seq } = await this.publisher.publish({
      subject: this.subject(key),
      payload: '',
      headers: { 'KV-Operation': 'DEL' },
    });
    this.remember(key, null, seq);
  }

  /** Stops the publisher (what still waits fails). */
  close(): void {
    this.publisher?.close();
  }

  private subject(key: string): string {
    return `$KV.${this.name}.${key}`;
  }

  private remember(key: string, value: string | null, revision: number): void {
    const before = this.known.get(key);
    if (before && before.revision > revision) return; // a later write of ours was confirmed first
    this.known.delete(key);
    this.known.set(key, { value, revision });
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }
}

/** A compare-and-set refused because the key moved (10071, or 10164 for an unknown last one). */
function lostRace(err: unknown): boolean {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return code === JetStreamPublishError.WRONG_LAST_SEQUENCE || code === 10164;
}
