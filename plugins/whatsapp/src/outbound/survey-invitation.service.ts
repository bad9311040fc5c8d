import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { HandleLater, PermanentFailure, type JetStreamContext } from '@casehub/plugin-sdk';
import { GraphApiError } from '../graph/graph-api-error.js';
import { windowOpen } from '../window/service-window.js';
import { Recipients } from './recipients.service.js';
import { sendVerdict } from './send-verdict.js';
import { AwaitingStatus, WhatsAppSender } from './whatsapp-sender.js';

/**
 * Sends survey invitations the survey plugin chose the social channel for, to contacts with a
 * `whatsapp:` handle: one short text with the survey page's link, once per survey, and only
 * inside the customer's 24-hour window (no template is guessed for it). A refusal is
 * dead-lettered with the reason, where an operator sees it: there is no message to mark.
 */
@Injectable()
export class SurveyInvitations {
  private readonly log = new Logger('WhatsAppSurveys');

  constructor(
    @Inject(Recipients) private readonly recipients: Recipients,
    @Inject(WhatsAppSender) private readonly sender: WhatsAppSender,
  ) {}

  async surveyInvited(event: CloudEvent<'survey.invited'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, survey, links } = event.data;
    if (survey.channel !== 'social') return;
    const contact = await this.recipients.of(c);
    if (!contact) return; // another social plugin's contact
    if (!/^https?:\/\//i.test(links.page))
      throw new PermanentFailure(`survey ${survey.id}: ${links.page} is not an http(s) link`);
    const key = `survey.${survey.id}`;
    if (!(await this.sender.started(key)) && !windowOpen(contact.lastCustomerMessageAt)) {
      throw new PermanentFailure(
        `survey ${survey.id}: not sent to ${contact.handle}: the 24-hour customer service window is closed ` +
          `(last customer message ${contact.lastCustomerMessageAt ?? 'never'}), and WhatsApp allows only templates then`,
      );
    }
    try {
      await this.sender.send({
        key,
        recipient: contact.recipient,
        parts: [
          {
            type: 'text',
            text: `How did we do with case #${c.number}? Tell us here: ${links.page}`,
          },
        ],
        lastAttempt: ctx.isLastAttempt,
      });
    } catch (err) {
      if (err instanceof AwaitingStatus) throw new HandleLater(err.delayMs, err.message);
      if (!(err instanceof GraphApiError)) throw err;
      const verdict = sendVerdict(err, ctx.attempt);
      if (verdict.kind === 'failed')
        throw new PermanentFailure(`survey ${survey.id}: ${verdict.reason}`);
      if (ctx.isLastAttempt) throw new Error(`survey ${survey.id}: ${verdict.reason}`);
      throw new HandleLater(verdict.delayMs, verdict.reason);
    }
    this.log.log(`survey ${survey.id} of case #${c.number} sent to ${contact.handle}`);
  }
}
