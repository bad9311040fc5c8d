import type { NatsConnection } from '@nats-io/transport-node';
import { KvWatchInclude, Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { StreamPublisher } from './nats/stream-publisher.js';
import { Siblings } from './siblings.js';
import {
  formatProgress,
  parseProgress,
  progressAfter,
  type CaseProgress,
} from './case-progress.js';

/** A case's progress as known, with the key's revision to write it back with compare-and-set. */
export interface CaseRead {
  progress: CaseProgress | null;
  revision: number;
}

/**
 * The plugin's shared memory, in a JetStream key-value bucket all its replicas use:
 * - how far it has got in each case and which of its events it handled (`c.<case id>`, see
 *   CaseProgress), so replicas keep a case's events in order and a redelivery is acknowledged,
 *   not redone;
 * - handled events that carry no case sequence, or that fall in a range only they can tell
 *   (`e.<event id>`).
 *
 * The cases' progress is also kept in memory (the most recent cases), so a delivery costs one
 * compare-and-set and no read. A replica alone knows every write (its own); one with siblings
 * (see Siblings) follows theirs through a watch on the bucket, which costs each replica a message
 * per event any of them handles (a quarter of a lone plugin's CPU per event), so only then. A
 * write that lost to another replica's reads and merges.
 */
export class Inbox {
  private readonly cases = new Map<string, CaseRead>();
  private siblings: Siblings | null = null;
  /** The watch on the cases while there are siblings; memory is trusted only while it runs. */
  private watch: { stop(): void; following: boolean } | null = null;

  private constructor(
    private readonly kv: KV,
    private readonly bucket: string,
    private readonly publisher: StreamPublisher,
  ) {}

  /** One bucket per stream and plugin: the same plugin on another stream remembers apart. */
  static async open(
    nc: NatsConnection,
    publisher: StreamPublisher,
    stream: string,
    plugin: string,
    ttlMs: number,
  ): Promise<Inbox> {
    const bucket = inboxBucket(stream, plugin);
    const kv = await new Kvm(nc).create(bucket, { ttl: ttlMs, history: 1 });
    const inbox = new Inbox(kv, bucket, publisher);
    inbox.siblings = await Siblings.join(kv, (alone) => void inbox.follow(!alone));
    if (!inbox.siblings.alone) await inbox.follow(true);
    return inbox;
  }

  /** Leaves the plugin's replicas (they stop following this one's writes). */
  async close(): Promise<void> {
    await this.siblings?.leave();
    this.watch?.stop();
    this.watch = null;
  }

  async has(eventId: string): Promise<boolean> {
    const e = await this.kv.get(`e.${token(eventId)}`);
    return e !== null && e.operation === 'PUT';
  }

  async remember(eventId: string): Promise<void> {
    await this.kv.put(`e.${token(eventId)}`, new Date().toISOString());
  }

  /**
   * The case's progress (null when the plugin has not seen the case): from memory unless
   * `fresh` (a redelivery, a wait for another replica) or the case is not in memory.
   */
  async read(caseId: string, fresh = false): Promise<CaseRead> {
    const key = `c.${token(caseId)}`;
    const trusted = this.siblings?.alone || this.watch?.following;
    const known = trusted && !fresh ? this.cases.get(key) : undefined;
    if (known) return known;
    return this.learn(key, await this.kv.get(key));
  }

  /**
   * Records that `sequence` is done in this case (`handled`: its handler succeeded) with one
   * compare-and-set against `known`; when another replica wrote meanwhile, reads again and
   * applies the change to that (never moves a case backwards). The write is sent before this
   * returns its promise, so a message sent right after travels in the same packet.
   */
  async complete(
    caseId: string,
    sequence: number,
    handled: boolean,
    known: CaseRead,
  ): Promise<void> {
    const key = `c.${token(caseId)}`;
    let current = known;
    for (let i = 0; ; i++) {
      const before = current.progress;
      const next = progressAfter(before, sequence, handled);
      if (before && formatProgress(before) === formatProgress(next)) return;
      try {
        const revision = await this.publisher.compareAndSet(
          this.bucket,
          key,
          formatProgress(next),
          current.revision,
        );
        this.note(key, { progress: next, revision });
        return;
      } catch (err) {
        if (i >= 20) throw err;
        current = await this.read(caseId, true); // another replica (or a purge) changed it
      }
    }
  }

  /** Drops what is in memory (the bucket was purged, or the consumer made again). */
  forget(): void {
    this.cases.clear();
  }

  /**
   * Follows every write to the cases from now on (`on`), or stops. What is in memory may have
   * missed other replicas' writes before the watch began: it is dropped, and read again.
   */
  private async follow(on: boolean): Promise<void> {
    if (!on) {
      this.watch?.stop();
      this.watch = null;
      return;
    }
    if (this.watch) return;
    const watch = { stop: () => undefined as void, following: false };
    this.watch = watch;
    const updates = await this.kv
      .watch({ key: 'c.>', include: KvWatchInclude.UpdatesOnly })
      .catch(() => null);
    if (!updates) {
      if (this.watch === watch) this.watch = null; // the connection closed: tried again later
      return;
    }
    if (this.watch !== watch) return updates.stop(); // alone again meanwhile
    watch.stop = () => updates.stop();
    this.cases.clear();
    watch.following = true;
    void (async () => {
      try {
        for await (const e of updates) this.learn(e.key, e);
      } finally {
        watch.following = false;
        if (this.watch === watch) {
          this.watch = null; // ended by itself: not trusted until followed again
          this.cases.clear();
        }
      }
    })().catch(() => undefined);
  }

  private learn(key: string, e: KvEntry | null): CaseRead {
    const read: CaseRead =
      e && e.operation === 'PUT'
        ? { progress: parseProgress(e.string()), revision: e.revision }
        : { progress: null, revision: e?.revision ?? 0 };
    return this.note(key, read);
  }

  /** Keeps the newest of what is known (a read and a watched write may cross). */
  private note(key: string, read: CaseRead): CaseRead {
    const known = this.cases.get(key);
    if (known && known.revision > read.revision) return known;
    this.cases.delete(key); // re-inserted last: the Map's order is least recently used first
    this.cases.set(key, read);
    if (this.cases.size > MAX_REMEMBERED_CASES) this.cases.delete(this.cases.keys().next().value!);
    return read;
  }
}

const MAX_REMEMBERED_CASES = 10_000;

/** KV key tokens allow letters, digits, - _ =; ids are UUIDs, but be safe with any id. */
function token(id: string): string {
  return /^[A-Za-z0-9_=-]+$/.test(id) ? id : Buffer.from(id).toString('base64url');
}

export function inboxBucket(stream: string, plugin: string): string {
  return `casehub_inbox_${stream}_${plugin}`;
}
