/**
 * Runs tasks one after the other per key (a case) and side by side across keys, up to a limit:
 * a plugin sees a case's events in order without handling every case serially.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves when the task has run (its errors go to the task's own handling). */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.slot(task));
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once every task queued so far has run. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }

  private async slot(task: () => Promise<void>): Promise<void> {
    if (this.running >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      await task();
    } catch {
      /* the task handles its own failures */
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
