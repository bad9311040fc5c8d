import { botErrors, type BotApiError } from './bot-api-error.js';

/** Limits the fake enforces on sends, as Telegram's FAQ gives them. */
export interface FloodLimits {
  /** Messages per second into one private chat (Telegram: about 1). */
  privateChatPerSecond?: number;
  /** Messages per minute into one group or supergroup (Telegram: 20). */
  groupPerMinute?: number;
  /** Messages per second overall (Telegram: about 30). */
  botPerSecond?: number;
}

/**
 * 429 `Too Many Requests: retry after N` when a chat (or the bot) sends too fast, or while a
 * wait a test injected lasts. A wait applies to every send into the chat until it ends, and a
 * request during it is told the seconds left.
 */
export class FloodControl {
  private readonly waits = new Map<number, number>();
  private readonly sends = new Map<number, number[]>();
  private readonly all: number[] = [];

  constructor(public limits: FloodLimits = {}) {}

  /** Every send into `chatId` is refused for `seconds` from now. */
  wait(chatId: number, seconds: number, now = Date.now()): void {
    this.waits.set(chatId, now + seconds * 1000);
  }

  /** The 429 a send into this chat gets now, or null (and then it counts as sent). */
  check(chatId: number, group: boolean, now = Date.now()): BotApiError | null {
    const until = this.waits.get(chatId);
    if (until !== undefined && until > now)
      return botErrors.tooManyRequests(secondsUntil(until, now));
    const chat = this.sends.get(chatId) ?? [];
    const perChat = group
      ? { max: this.limits.groupPerMinute, window: 60_000 }
      : { max: this.limits.privateChatPerSecond, window: 1_000 };
    const recent = chat.filter((t) => t > now - perChat.window);
    if (perChat.max !== undefined && recent.length >= perChat.max) {
      const free = recent[recent.length - perChat.max] + perChat.window;
      this.waits.set(chatId, free);
      return botErrors.tooManyRequests(secondsUntil(free, now));
    }
    const overall = this.all.filter((t) => t > now - 1_000);
    if (this.limits.botPerSecond !== undefined && overall.length >= this.limits.botPerSecond) {
      return botErrors.tooManyRequests(secondsUntil(overall[0] + 1_000, now));
    }
    recent.push(now);
    this.sends.set(chatId, recent);
    overall.push(now);
    this.all.splice(0, this.all.length, ...overall);
    return null;
  }

  clear(): void {
    this.waits.clear();
    this.sends.clear();
    this.all.length = 0;
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
