import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import { TelegramApiError } from '../bot-api/telegram-api-error.js';
import { TelegramClient } from '../bot-api/telegram-client.js';
import { WEBHOOK_PATH, type TelegramConfig } from '../telegram.config.js';

const MAX_BACKOFF_MS = 60_000;

/**
 * Tells Telegram where updates go, once the plugin is up: in webhook mode `setWebhook` with
 * the public URL, the secret token and the kinds of update wanted; in polling mode
 * `deleteWebhook` (getUpdates answers 409 while a webhook is set). Tried again with back-off
 * while Telegram cannot be reached or refuses the token, so that an operator can fix it.
 */
@Injectable()
export class WebhookRegistration implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('TelegramWebhook');
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private done!: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    @InjectPluginConfig() private readonly cfg: TelegramConfig,
    @Inject(TelegramClient) private readonly telegram: TelegramClient,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Resolves once Telegram has the webhook (or its removal). */
  get registered(): Promise<void> {
    return this.done;
  }

  onApplicationBootstrap(): void {
    const attempt = (backoff: number) => {
      this.register().then(
        () => this.resolveDone(),
        (err: unknown) => {
          if (this.stopping) return;
          const why = err instanceof TelegramApiError ? err.reason : (err as Error).message;
          const level = err instanceof TelegramApiError && err.errorCode === 401 ? 'error' : 'warn';
          this.log[level](
            `cannot ${this.cfg.TELEGRAM_MODE === 'webhook' ? 'set' : 'delete'} the webhook (${why}): again in ${backoff / 1000} s`,
          );
          this.timer = setTimeout(() => attempt(Math.min(backoff * 2, MAX_BACKOFF_MS)), backoff);
        },
      );
    };
    attempt(1_000);
  }

  onModuleDestroy(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async register(): Promise<void> {
    if (this.cfg.TELEGRAM_MODE === 'polling') {
      await this.telegram.deleteWebhook();
      this.log.log('polling mode: webhook deleted');
      return;
    }
    const url = `${this.cfg.TELEGRAM_PUBLIC_URL}${WEBHOOK_PATH}`;
    await this.telegram.setWebhook({ url, secret_token: this.cfg.TELEGRAM_WEBHOOK_SECRET! });
    this.log.log(`webhook set: ${url}`);
  }
}
