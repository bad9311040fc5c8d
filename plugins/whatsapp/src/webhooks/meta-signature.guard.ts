import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { verifyMetaSignature } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { WhatsAppConfig } from '../whatsapp.config.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * Lets through only webhooks Meta signed: `X-Hub-Signature-256`, the HMAC-SHA256 of the body's
 * bytes as received, keyed with the app secret (compared in constant time). Anything else is
 * answered 403 before it reaches the controller, so nothing of it is recorded.
 */
@Injectable()
export class MetaSignatureGuard implements CanActivate {
  private readonly log = new Logger('MetaSignature');

  constructor(@InjectPluginConfig() private readonly cfg: WhatsAppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<WebhookRequest>();
    const header = req.headers['x-hub-signature-256'];
    const valid = verifyMetaSignature(this.cfg.WHATSAPP_APP_SECRET, req.rawBody, header);
    if (!valid)
      this.log.warn(`refused a webhook with ${header ? 'a wrong signature' : 'no signature'}`);
    return valid;
  }
}
