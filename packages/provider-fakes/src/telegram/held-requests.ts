import type { ServerResponse } from 'node:http';

/** Which requests a stall holds. */
export interface StallFilter {
  /** Only this method (case-insensitive), e.g. `sendMessage`; `file` for downloads. */
  method?: string;
  /** Only sends into this chat. */
  chatId?: number;
  /** Let this many matching requests through first. */
  after?: number;
}

/** What a request is, for a stall to decide. */
export interface RequestTraits {
  method: string;
  chatId: number | null;
}

/**
 * Requests held back "in the network": not processed until `release()`. One whose client
 * leaves meanwhile (a plugin killed mid-request) is dropped, as a request that never reached
 * Telegram, and the fake records it with status null.
 */
export class Stall {
  private passed = 0;
  private active = true;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly filter: StallFilter) {}

  /** How many requests it holds now. */
  get held(): number {
    return this.waiting.size;
  }

  /** Lets the held requests (whose clients are still there) and every later one through. */
  release(): void {
    this.active = false;
    for (const go of [...this.waiting]) go();
    this.waiting.clear();
  }

  /** Resolves true to process the request, false when its client left while it was held. */
  gate(traits: RequestTraits, res: ServerResponse): Promise<boolean> {
    if (!this.active || !this.matches(traits)) return Promise.resolve(true);
    if (this.passed < (this.filter.after ?? 0)) {
      this.passed++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const go = () => {
        res.off('close', gone);
        resolve(!res.destroyed);
      };
      const gone = () => {
        this.waiting.delete(go);
        resolve(false);
      };
      this.waiting.add(go);
      res.once('close', gone);
    });
  }

  private matches(t: RequestTraits): boolean {
    const f = this.filter;
    if (f.method && f.method.toLowerCase() !== t.method.toLowerCase()) return false;
    if (f.chatId !== undefined && f.chatId !== t.chatId) return false;
    return true;
  }
}
