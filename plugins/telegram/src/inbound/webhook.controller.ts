import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Logger,
  Post,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import type { Update } from '../bot-api/bot-api-types.js';
import { withDeadline } from './deadline.js';
import { SecretTokenGuard } from './secret-token.guard.js';
import { UpdateIntake } from './update-intake.service.js';

/** Telegram waits about a minute for an answer; a stuck intake answers 503 well before. */
const DEADLINE_MS = 25_000;

/**
 * `POST /telegram/webhook`: the updates Telegram sends in webhook mode. Answers 200 once the
 * update is stored, 503 when it could not be (Telegram sends it again).
 */
@Controller('telegram')
@UseGuards(SecretTokenGuard)
export class WebhookController {
  private readonly log = new Logger('TelegramWebhook');

  constructor(@Inject(UpdateIntake) private readonly intake: UpdateIntake) {}

  @Post('webhook')
  @HttpCode(200)
  async update(@Body() update: Update): Promise<Record<string, never>> {
    if (typeof update?.update_id !== 'number') return {}; // nothing Telegram would send
    try {
      await withDeadline(this.intake.receive(update), DEADLINE_MS, 'storing the update');
    } catch (err) {
      this.log.error(`update ${update.update_id} not stored: ${(err as Error).message}`);
      throw new ServiceUnavailableException('the update could not be stored; send it again');
    }
    return {};
  }
}
