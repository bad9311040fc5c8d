import {
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
import type { MessengerConfig } from '../messenger.config.js';
import { MetaSignatureGuard } from './meta-signature.guard.js';
import { WebhookIntake } from './webhook-intake.service.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * `/messenger/webhook`: Meta's subscription handshake (GET) and its webhooks (POST) for the Page
 * (`object: page`) and its Instagram account (`object: instagram`). A POST is answered 200 once
 * every event in it is stored, 503 when that could not be done (Meta sends it again).
 */
@Controller('messenger')
export class WebhookController {
  private readonly log = new Logger('MessengerWebhook');

  constructor(
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
  ) {}

  @Get('webhook')
  verify(@Query() query: MetaHandshake): string {
    const challenge = metaChallenge(this.cfg.MESSENGER_VERIFY_TOKEN, query);
    if (challenge === null) {
      this.log.warn('refused a subscription handshake: wrong mode or verify token');
      throw new ForbiddenException('wrong verify token');
    }
    return challenge;
  }

  @Post('webhook')
  @HttpCode(200)
  @UseGuards(MetaSignatureGuard)
  async receive(@Req() req: WebhookRequest): Promise<string> {
    try {
      await this.intake.receive(req.rawBody ?? Buffer.alloc(0));
    } catch (err) {
      this.log.error(`webhook not stored: ${(err as Error).message}`);
      throw new ServiceUnavailableException('the webhook could not be stored; try again');
    }
    return 'EVENT_RECEIVED';
  }
}
