import {
  Controller,
  Header,
  HttpCode,
  Inject,
  Logger,
  Post,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { consentKeyword, type FormParams } from '@casehub/channel-kit';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SmsTwilioConfig } from '../sms-twilio.config.js';
import { InboundIntake } from './inbound-intake.service.js';
import { field, TwilioForm } from './twilio-form.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';
import { twiml } from './twiml.js';

/**
 * `POST /twilio/inbound`: Twilio's "A message comes in" webhook. Answers TwiML once the message
 * is stored (HELP and INFO get the help text back); 503 when it could not be.
 */
@Controller('twilio')
@UseGuards(TwilioSignatureGuard)
export class InboundController {
  private readonly log = new Logger('SmsInbound');

  constructor(
    @InjectPluginConfig() private readonly cfg: SmsTwilioConfig,
    @Inject(InboundIntake) private readonly intake: InboundIntake,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async inbound(@TwilioForm() form: FormParams): Promise<string> {
    try {
      await this.intake.receive(form);
    } catch (err) {
      this.log.error(`message ${field(form, 'MessageSid')} not stored: ${(err as Error).message}`);
      throw new ServiceUnavailableException('the message could not be stored; try again');
    }
    // STOP and START are the core's to record; HELP is answered here (and ignored by the core).
    const help = consentKeyword(field(form, 'Body') ?? '') === 'help';
    return twiml(help ? this.cfg.SMS_HELP_TEXT : undefined);
  }
}
