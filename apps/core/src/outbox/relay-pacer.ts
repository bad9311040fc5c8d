/**
 * Decides when the relay claims its next batch. Commits nudge it, but a claim per commit would
 * cost the database a round trip per case at intake rates: so one claim runs at a time, the
 * nudges that land meanwhile become one more claim, and under sustained load claims start at
 * most every `coalesceMs` so each carries the commits of that interval. A full batch means a
 * backlog: the next claim starts at once, on another slot, while this one publishes.
 */
export interface PacerOptions {
  /** Batches that may be published side by side (each holds its cases). */
  slots: number;
  coalesceMs: number;
  /** Starts a batch; calls `claimed(full)` once its claim returned, `done()` once it finished. */
  start: (claimed: (full: boolean) => void, done: () => void) => void;
  now?: () => number;
}

export class RelayPacer {
  private busySlots = 0;
  private claiming = false;
  private wanted = false;
  private backlog = false;
  private lastClaimAt = -Infinity;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: PacerOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Something may be waiting in the outbox (a commit, a poll tick, a retry). */
  nudge(): void {
    this.wanted = true;
    this.schedule();
  }

  /** No claim before `ms` from now (after an error). */
  pause(ms: number): void {
    this.pausedUntil = this.now() + ms;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get idle(): boolean {
    return this.busySlots === 0;
  }

  private schedule(): void {
    if (this.stopped || this.claiming || this.timer || this.busySlots >= this.o.slots) return;
    if (!this.wanted && !this.backlog) return;
    const at = Math.max(this.pausedUntil, this.backlog ? 0 : this.lastClaimAt + this.o.coalesceMs);
    const wait = at - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, Math.ceil(wait));
      return;
    }
    this.wanted = false;
    this.backlog = false;
    this.claiming = true;
    this.busySlots++;
    this.lastClaimAt = this.now();
    let claimedOnce = false;
    this.o.start(
      (full) => {
        if (claimedOnce) return;
        claimedOnce = true;
        this.claiming = false;
        this.backlog = full;
        this.schedule();
      },
      () => {
        if (!claimedOnce) {
          claimedOnce = true;
          this.claiming = false;
        }
        this.busySlots--;
        this.schedule();
      },
    );
  }
}
