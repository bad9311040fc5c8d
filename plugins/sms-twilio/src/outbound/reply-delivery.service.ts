import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { toE164 } from '@casehub/channel-kit';
import {
  HandleLater,
  InboundPublisher,
  InjectPluginConfig,
  type JetStreamContext,
} from '@casehub/plugin-sdk';
import type { SmsTwilioConfig } from '../sms-twilio.config.js';
import { TwilioApiError } from '../twilio/twilio-api-error.js';
import { DeliveryReports } from './delivery-reports.js';
import { recordProviderOptOut } from './provider-opt-out.js';
import { sendVerdict } from './send-verdict.js';
import { SmsSender } from './sms-sender.js';

/**
 * Texts the team's public replies on sms cases to the case's contact, once, and reports what
 * became of each: `sent` with Twilio's sid, or `failed` with the reason.
 */
@Injectable()
export class ReplyDelivery {
  private readonly log = new Logger('SmsReplies');

  constructor(
    @InjectPluginConfig() private readonly cfg: SmsTwilioConfig,
    @Inject(SmsSender) private readonly sender: SmsSender,
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  async messageCreated(event: CloudEvent<'message.created'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, message: m } = event.data;
    // Customers' own messages have no delivery status; a reply to an opted-out contact arrives
    // already failed (opted_out) and is never sent.
    if (m.visibility !== 'public' || m.deliveryStatus !== 'pending') return;
    if ((m.channel ?? c.channel) !== 'sms') return;
    const failed = (error: string) =>
      this.reports.report({ messageId: m.id, status: 'failed', error });

    const phone = c.contact?.phone ?? null;
    const to = phone ? toE164(phone) : null;
    if (!to) {
      await failed(
        phone
          ? `the case's contact phone ${phone} is not a number that can be texted`
          : "the case's contact has no phone number",
      );
      return;
    }
    if (!m.body.trim()) {
      await failed('an empty reply cannot be texted');
      return;
    }
    if (m.attachments.length > 0) {
      this.log.warn(`reply ${m.id}: attachments are not texted, only the words`);
    }

    let sids: string[];
    try {
      sids = await this.sender.send({
        key: `reply.${m.id}`,
        to,
        body: m.body,
        statusCallback: `${this.cfg.SMS_TWILIO_PUBLIC_URL}/twilio/status?messageId=${encodeURIComponent(m.id)}`,
      });
    } catch (err) {
      if (!(err instanceof TwilioApiError)) throw err; // our own state: the SDK retries
      const verdict = sendVerdict(err, ctx.attempt);
      switch (verdict.kind) {
        case 'later':
          if (ctx.isLastAttempt) {
            await failed(`${verdict.reason} (gave up after ${ctx.attempt} attempts)`);
            throw new Error(`reply ${m.id}: ${verdict.reason}`);
          }
          this.log.warn(`reply ${m.id}: ${verdict.reason}; again in ${verdict.delayMs} ms`);
          throw new HandleLater(verdict.delayMs, verdict.reason);
        case 'opted_out':
          await recordProviderOptOut(this.inbound, to);
          await failed('opted_out');
          return;
        case 'failed':
          await failed(verdict.reason);
          return;
      }
    }
    await this.reports.report({ messageId: m.id, status: 'sent', providerMessageId: sids[0] });
    this.log.log(`reply ${m.id} on case #${c.number} texted as ${sids.join(', ')}`);
  }
}
