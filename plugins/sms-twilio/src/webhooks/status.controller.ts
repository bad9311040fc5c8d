import { Controller, HttpCode, Inject, Logger, Post, Query, UseGuards } from '@nestjs/common';
import type { FormParams } from '@casehub/channel-kit';
import { DeliveryReports } from '../outbound/delivery-reports.js';
import { deliveryStatusOf } from '../outbound/delivery-rank.js';
import { SmsState } from '../state/sms-state.js';
import { deliveryError } from '../twilio/twilio-error-codes.js';
import { withDeadline } from './deadline.js';
import { field, TwilioForm } from './twilio-form.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';

/**
 * `POST /twilio/status?messageId=…`: a reply's status callbacks. They come late, twice and out of
 * order; each one only moves the message forward (DeliveryReports).
 */
@Controller('twilio')
@UseGuards(TwilioSignatureGuard)
export class StatusController {
  private readonly log = new Logger('SmsStatus');

  constructor(
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
    @Inject(SmsState) private readonly state: SmsState,
  ) {}

  @Post('status')
  @HttpCode(200)
  async status(
    @TwilioForm() form: FormParams,
    @Query('messageId') messageId: string | undefined,
  ): Promise<string> {
    const twilioStatus = field(form, 'MessageStatus') ?? '';
    const status = deliveryStatusOf(twilioStatus);
    if (typeof messageId !== 'string' || !messageId || !status) return '';
    // A long reply went as several texts: the message keeps the first one's sid.
    const first = (await this.state.sends.get(`reply.${messageId}`))?.sids[0];
    const report = this.reports.report({
      messageId,
      status,
      providerMessageId: first ?? field(form, 'MessageSid') ?? null,
      error: status === 'failed' ? deliveryError(twilioStatus, field(form, 'ErrorCode')) : null,
    });
    const moved = await withDeadline(report, 5_000, 'reporting the status');
    if (moved) this.log.log(`reply ${messageId}: ${status}`);
    return '';
  }
}
