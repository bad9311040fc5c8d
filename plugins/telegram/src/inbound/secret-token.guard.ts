import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { sameSecret } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { TelegramConfig } from '../telegram.config.js';

/**
 * Lets through only updates that carry the secret token given to setWebhook in
 * `X-Telegram-Bot-Api-Secret-Token` (compared in constant time; Telegram signs nothing else).
 * Anything else, and every request in polling mode, is answered 403 before a controller sees it.
 */
@Injectable()
export class SecretTokenGuard implements CanActivate {
  private readonly log = new Logger('TelegramWebhook');

  constructor(@InjectPluginConfig() private readonly cfg: TelegramConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined>; ip?: string }>();
    const given = req.headers['x-telegram-bot-api-secret-token'];
    const secret =
      this.cfg.TELEGRAM_MODE === 'webhook' ? (this.cfg.TELEGRAM_WEBHOOK_SECRET ?? '') : '';
    const valid = sameSecret(secret, given);
    if (!valid)
      this.log.warn(
        `refused an update from ${req.ip ?? 'somewhere'} with ${given ? 'a wrong secret token' : 'no secret token'}`,
      );
    return valid;
  }
}
