import { nuid } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';

interface LeaseValue {
  holder: string;
  /** The holder's clock, for people reading the bucket; nobody compares clocks. */
  renewedAt: string;
}

/**
 * Work only one replica of a plugin may do at a time (hold an SMSC bind, poll a provider): the
 * replica holding a lease, a key of the plugin's bucket it rewrites every `failoverMs / 4` with
 * compare-and-set on its revision. The others read it as often; a revision that has not moved
 * for `failoverMs` on their own clock is a dead holder's, and the first to compare-and-set it
 * takes over. No clocks are compared across machines. A holder that cannot renew for
 * `failoverMs` gives the lease up itself, before anyone else can take it over; one that stops
 * deletes the key, so another takes over at its next look. Call `tick` every `intervalMs`.
 */
export class KvLease {
  readonly instance = nuid.next();
  private revision = 0;
  private lastRenewed = 0;
  /** What this replica last saw of someone else's lease, and since when (its own clock). */
  private observed: { revision: number; since: number } | null = null;
  private holding = false;

  constructor(
    private readonly kv: KV,
    private readonly failoverMs: number,
    /** The lease's key in the bucket. */
    private readonly key = 'lease',
  ) {}

  get held(): boolean {
    return this.holding;
  }

  /** How often `tick` should run. */
  get intervalMs(): number {
    return Math.max(200, Math.floor(this.failoverMs / 4));
  }

  /**
   * Renews the lease if held, or looks whether it can be taken. Resolves with whether this
   * replica holds it now. Never throws: a NATS that does not answer counts as not renewed.
   */
  async tick(): Promise<boolean> {
    try {
      if (this.holding) {
        this.revision = await this.kv.update(this.key, this.value(), this.revision);
        this.lastRenewed = performance.now();
        return true;
      }
      const e = await this.kv.get(this.key);
      const free = !e || e.operation !== 'PUT';
      const now = performance.now();
      if (!free && (this.observed === null || this.observed.revision !== e.revision)) {
        this.observed = { revision: e.revision, since: now };
        return false;
      }
      if (!free && now - this.observed!.since < this.failoverMs) return false;
      // Free, or its holder stopped renewing: take it, unless another replica was quicker.
      this.revision = e
        ? await this.kv.update(this.key, this.value(), e.revision)
        : await this.kv.create(this.key, this.value());
      this.holding = true;
      this.lastRenewed = performance.now();
      this.observed = null;
      return true;
    } catch {
      // Lost a race to another replica, or NATS is away: held only while still within the lease.
      if (this.holding && performance.now() - this.lastRenewed >= this.failoverMs * 0.75) {
        this.holding = false;
      } else if (this.holding) {
        // A compare-and-set that failed because another replica took the lease: let go now.
        const e = await this.kv.get(this.key).catch(() => null);
        if (e && (e.operation !== 'PUT' || e.json<LeaseValue>().holder !== this.instance))
          this.holding = false;
      }
      return this.holding;
    }
  }

  /** Gives the lease up at once (a stopping replica): the next replica to look takes it. */
  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    await this.kv.delete(this.key, { previousSeq: this.revision }).catch(() => undefined);
  }

  private value(): string {
    return JSON.stringify({
      holder: this.instance,
      renewedAt: new Date().toISOString(),
    } satisfies LeaseValue);
  }
}
