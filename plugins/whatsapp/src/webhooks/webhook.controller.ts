import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { metaChallenge, type MetaHandshake } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { WhatsAppConfig } from '../whatsapp.config.js';
import { MetaSignatureGuard } from './meta-signature.guard.js';
import { WebhookIntake } from './webhook-intake.service.js';
import type { WebhookPayload } from './webhook-payload.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * The callback URL of the Meta app's WhatsApp webhook: `GET /whatsapp/webhook` answers the
 * subscription handshake, `POST /whatsapp/webhook` takes messages and statuses — 200 once they
 * are stored, 403 when not signed by Meta, 503 when they could not be stored (Meta retries).
 */
@Controller('whatsapp')
export class WebhookController {
  private readonly log = new Logger('WhatsAppWebhook');

  constructor(
    @InjectPluginConfig() private readonly cfg: WhatsAppConfig,
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
  ) {}

  @Get('webhook')
  handshake(@Query() query: MetaHandshake): string {
    const challenge = metaChallenge(this.cfg.WHATSAPP_VERIFY_TOKEN, query);
    if (challenge === null) {
      this.log.warn('refused a webhook verification: wrong verify token or mode');
      throw new ForbiddenException('the verify token does not match WHATSAPP_VERIFY_TOKEN');
    }
    this.log.log('webhook verified by Meta');
    return challenge;
  }

  @Post('webhook')
  @HttpCode(200)
  @UseGuards(MetaSignatureGuard)
  async receive(@Req() req: WebhookRequest): Promise<string> {
    let payload: WebhookPayload;
    try {
      // The bytes that were signed, not a copy parsed and serialised again.
      payload = JSON.parse(req.rawBody?.toString('utf8') ?? '') as WebhookPayload;
    } catch {
      throw new BadRequestException('the body is not JSON');
    }
    try {
      await this.intake.receive(payload ?? {});
    } catch (err) {
      this.log.error(`webhook not stored: ${(err as Error).message}`);
      throw new ServiceUnavailableException('the webhook could not be stored; try again');
    }
    return 'EVENT_RECEIVED';
  }
}
