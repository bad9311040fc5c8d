import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { verifyTwilioSignature } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SmsTwilioConfig } from '../sms-twilio.config.js';
import { formOf, type WebhookRequest } from './twilio-form.js';

/**
 * Lets through only requests Twilio signed: `X-Twilio-Signature` over SMS_TWILIO_PUBLIC_URL with
 * the request's path and query, and every field posted (fields Twilio adds later included).
 * Anything else is answered 403 before it reaches a controller.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly log = new Logger('TwilioSignature');

  constructor(@InjectPluginConfig() private readonly cfg: SmsTwilioConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<WebhookRequest>();
    const url = `${this.cfg.SMS_TWILIO_PUBLIC_URL}${req.url}`;
    const valid = verifyTwilioSignature({
      authToken: this.cfg.TWILIO_AUTH_TOKEN,
      url,
      params: formOf(req),
      signature: req.headers['x-twilio-signature'],
    });
    if (!valid) {
      const why = req.headers['x-twilio-signature'] ? 'a wrong signature' : 'no signature';
      this.log.warn(`refused a webhook to ${url} with ${why}`);
    }
    return valid;
  }
}
