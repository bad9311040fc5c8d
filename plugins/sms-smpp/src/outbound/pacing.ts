/**
 * At most `perSecond` submits a second, evenly spaced (an operator's limit is a rate, not a
 * burst allowance), and a pause when the SMSC says it is throttling or its queue is full:
 * 1 s, doubling up to 30 s while it keeps saying so, reset by the first part it takes.
 */
export class Pacer {
  private readonly intervalMs: number;
  private next = 0;
  private pausedUntil = 0;
  private backoffMs = 0;

  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the next submit may go. Called by one sender at a time. */
  async turn(): Promise<void> {
    for (;;) {
      const now = performance.now();
      const at = Math.max(this.next, this.pausedUntil);
      if (at <= now) {
        this.next = Math.max(now, this.next) + this.intervalMs;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(at - now)));
    }
  }

  /** The SMSC answered ESME_RTHROTTLED or ESME_RMSGQFUL. */
  slowDown(): number {
    this.backoffMs = this.backoffMs ? Math.min(this.backoffMs * 2, 30_000) : 1_000;
    this.pausedUntil = performance.now() + this.backoffMs;
    return this.backoffMs;
  }

  /** The SMSC took a part. */
  ok(): void {
    this.backoffMs = 0;
  }
}

/** How many submits may be unanswered at once (SMPP_WINDOW). */
export class Window {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  get inFlight(): number {
    return this.used;
  }

  acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

/** Runs tasks one after the other per key (a job's state is read, changed and written whole). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
