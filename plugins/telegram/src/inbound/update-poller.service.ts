import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectPluginConfig, KvLease } from '@casehub/plugin-sdk';
import { TelegramApiError } from '../bot-api/telegram-api-error.js';
import { TelegramClient } from '../bot-api/telegram-client.js';
import { TelegramState } from '../state/telegram-state.js';
import type { TelegramConfig } from '../telegram.config.js';
import { UpdateIntake } from './update-intake.service.js';
import { WebhookRegistration } from './webhook-registration.service.js';

/** Long poll: Telegram answers at once when something is there, else after this long. */
const POLL_TIMEOUT_SEC = 25;
const MAX_BACKOFF_MS = 30_000;

/**
 * Polling mode: the replica holding the poll lease long-polls getUpdates, stores each update in
 * order, then moves the offset (kept in the plugin's bucket) past what it stored: the next
 * getUpdates confirms those to Telegram. A replica that dies mid-batch leaves the offset before
 * what it did not store, and whoever takes the lease over asks for it again (the core keeps a
 * message it already has once).
 */
@Injectable()
export class UpdatePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('TelegramPoller');
  private lease: KvLease | null = null;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private polling: Promise<void> | null = null;
  private abort: AbortController | null = null;
  /** Updates this replica stored: a test's proof of who polled. */
  private storedCount = 0;

  constructor(
    @InjectPluginConfig() private readonly cfg: TelegramConfig,
    @Inject(TelegramClient) private readonly telegram: TelegramClient,
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(UpdateIntake) private readonly intake: UpdateIntake,
    @Inject(WebhookRegistration) private readonly registration: WebhookRegistration,
  ) {}

  /** Whether this replica holds the lease and polls. */
  get active(): boolean {
    return this.polling !== null;
  }

  get stored(): number {
    return this.storedCount;
  }

  onApplicationBootstrap(): void {
    if (this.cfg.TELEGRAM_MODE !== 'polling') return;
    this.lease = new KvLease(
      this.state.kv,
      this.cfg.TELEGRAM_POLL_FAILOVER_SECONDS * 1000,
      'poll.lease',
    );
    const loop = () => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopping) this.timer = setTimeout(loop, this.lease!.intervalMs);
      });
    };
    loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.stop();
    await this.lease?.release();
  }

  private async tick(): Promise<void> {
    const held = await this.lease!.tick();
    if (this.stopping) return;
    if (held && !this.polling) {
      this.log.log(`replica ${this.lease!.instance} holds the poll lease: polling`);
      this.abort = new AbortController();
      this.polling = this.pollLoop(this.abort.signal);
    } else if (!held && this.polling) {
      this.log.warn('poll lease lost: another replica polls');
      await this.stop();
    }
  }

  private async stop(): Promise<void> {
    this.abort?.abort();
    await this.polling;
    this.polling = null;
    this.abort = null;
  }

  private async pollLoop(signal: AbortSignal): Promise<void> {
    await Promise.race([this.registration.registered, aborted(signal)]);
    let backoff = 1_000;
    while (!signal.aborted) {
      try {
        await this.pollOnce(signal);
        backoff = 1_000;
      } catch (err) {
        if (signal.aborted) return;
        const why = err instanceof TelegramApiError ? err.reason : (err as Error).message;
        this.log.warn(`polling failed (${why}): again in ${backoff / 1000} s`);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async pollOnce(signal: AbortSignal): Promise<void> {
    const { value: offset } = await this.state.offset();
    const updates = await this.telegram.getUpdates(offset, POLL_TIMEOUT_SEC, signal);
    for (const update of updates) {
      // Stopped mid-batch: what is not stored is asked for again by whoever polls next.
      if (signal.aborted || !this.lease?.held) return;
      await this.intake.receive(update);
      this.storedCount++;
      await this.state.advanceOffset(update.update_id + 1);
    }
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
