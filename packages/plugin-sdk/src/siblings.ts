import { nuid } from '@nats-io/transport-node';
import { KvWatchInclude, type KV, type KvEntry } from '@nats-io/kv';

/** How often a replica says it is alive, and how long without it counts as gone. */
export const SIBLING_REFRESH_MS = 10_000;
export const SIBLING_GONE_MS = 30_000;

/**
 * The other live replicas of a plugin, known through its inbox bucket: each replica keeps a key
 * `r.<instance>` there, written when it starts (before it consumes) and every 10 s, deleted when
 * it stops. A replica alone needs nobody else's writes; with siblings it follows theirs (see
 * Inbox). A replica that was killed counts as a sibling for 30 s more.
 */
export class Siblings {
  private readonly id = nuid.next();
  private readonly others = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private stopWatch: (() => void) | null = null;

  private constructor(
    private readonly kv: KV,
    private readonly onChange: (alone: boolean) => void,
  ) {}

  /** Announces this replica and learns the others; `onChange` hears when `alone` flips. */
  static async join(kv: KV, onChange: (alone: boolean) => void): Promise<Siblings> {
    const s = new Siblings(kv, onChange);
    // Follow first, then list: a replica announced in between is in one or the other.
    const updates = await kv.watch({ key: 'r.>', include: KvWatchInclude.UpdatesOnly });
    s.stopWatch = () => updates.stop();
    void (async () => {
      for await (const e of updates) s.learn(e, Date.now());
    })().catch(() => undefined);
    for await (const key of await kv.keys('r.>')) {
      const e = await kv.get(key);
      // A key found at start may be a dead replica's: judge it by when it was written.
      if (e) s.learn(e, e.created.getTime());
    }
    await s.announce();
    s.timer = setInterval(() => void s.announce().catch(() => undefined), SIBLING_REFRESH_MS);
    s.timer.unref();
    return s;
  }

  get alone(): boolean {
    return this.others.size === 0;
  }

  /** Says this replica is gone, so the others stop following its writes at once. */
  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopWatch?.();
    await this.kv.delete(`r.${this.id}`).catch(() => undefined);
  }

  private async announce(): Promise<void> {
    await this.kv.put(`r.${this.id}`, String(Date.now()));
    const now = Date.now();
    for (const [id, seen] of this.others) if (now - seen > SIBLING_GONE_MS) this.drop(id);
  }

  private learn(e: KvEntry, seen: number): void {
    const id = e.key.slice(2);
    if (id === this.id) return;
    if (e.operation !== 'PUT') return this.drop(id);
    if (Date.now() - seen > SIBLING_GONE_MS) return;
    const wasAlone = this.alone;
    this.others.set(id, seen);
    if (wasAlone) this.onChange(false);
  }

  private drop(id: string): void {
    if (this.others.delete(id) && this.alone) this.onChange(true);
  }
}
