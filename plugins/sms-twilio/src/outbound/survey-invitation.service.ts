import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { smsSurveyInvitation } from '@casehub/channel-kit';
import {
  HandleLater,
  InboundPublisher,
  PermanentFailure,
  type JetStreamContext,
} from '@casehub/plugin-sdk';
import { TwilioApiError } from '../twilio/twilio-api-error.js';
import { recordProviderOptOut } from './provider-opt-out.js';
import { sendVerdict } from './send-verdict.js';
import { SmsSender } from './sms-sender.js';

/**
 * Texts survey invitations the survey plugin chose the sms channel for: one short text with the
 * survey page's link, once per survey. Nothing to mark on a message: a refusal is dead-lettered
 * with the reason, where an operator sees it.
 */
@Injectable()
export class SurveyInvitations {
  private readonly log = new Logger('SmsSurveys');

  constructor(
    @Inject(SmsSender) private readonly sender: SmsSender,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  async surveyInvited(event: CloudEvent<'survey.invited'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, survey } = event.data;
    const invitation = smsSurveyInvitation(event.data);
    if (invitation.kind === 'not-sms') return;
    if (invitation.kind === 'refused') throw new PermanentFailure(invitation.reason);
    const { to, text } = invitation;
    try {
      await this.sender.send({
        key: `survey.${survey.id}`,
        to,
        body: text,
      });
    } catch (err) {
      if (!(err instanceof TwilioApiError)) throw err;
      const verdict = sendVerdict(err, ctx.attempt);
      switch (verdict.kind) {
        case 'later':
          if (ctx.isLastAttempt) throw new Error(`survey ${survey.id}: ${verdict.reason}`);
          throw new HandleLater(verdict.delayMs, verdict.reason);
        case 'opted_out':
          await recordProviderOptOut(this.inbound, to);
          this.log.log(`survey ${survey.id}: ${to} opted out with Twilio; not invited`);
          return;
        case 'failed':
          throw new PermanentFailure(`survey ${survey.id}: ${verdict.reason}`);
      }
    }
    this.log.log(`survey ${survey.id} of case #${c.number} texted`);
  }
}
