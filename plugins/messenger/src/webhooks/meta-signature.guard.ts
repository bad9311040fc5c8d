import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { verifyMetaSignature } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { MessengerConfig } from '../messenger.config.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * Lets through only POSTs Meta signed: `X-Hub-Signature-256`, the HMAC-SHA256 of the body's exact
 * bytes with the app secret (Meta escapes non-ASCII before signing: the bytes, never a body
 * parsed and serialised again). Anything else is answered 403 before it reaches the controller.
 */
@Injectable()
export class MetaSignatureGuard implements CanActivate {
  private readonly log = new Logger('MessengerSignature');

  constructor(@InjectPluginConfig() private readonly cfg: MessengerConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<WebhookRequest>();
    const header = req.headers['x-hub-signature-256'];
    const valid = verifyMetaSignature(this.cfg.MESSENGER_APP_SECRET, req.rawBody, header);
    if (!valid)
      this.log.warn(`refused a webhook with ${header ? 'a wrong signature' : 'no signature'}`);
    return valid;
  }
}
