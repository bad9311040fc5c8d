import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { HandleLater, PermanentFailure, type JetStreamContext } from '@casehub/plugin-sdk';
import { GraphApiError } from '../graph/graph-api-error.js';
import { handleOf } from '../people/person.js';
import { Recipients } from '../people/recipients.service.js';
import { MessengerState } from '../state/messenger-state.js';
import { MessageSender } from './message-sender.js';
import { replyPolicy } from './reply-policy.js';
import { sendVerdict } from './send-verdict.js';

/**
 * Sends survey invitations the survey plugin chose the social channel for, to Messenger and
 * Instagram contacts: one short message with the survey page's link, once per survey. An
 * invitation is automatic, so it goes only within the 24-hour window and is never tagged. A
 * refusal is dead-lettered with the reason (nothing to mark on a message).
 */
@Injectable()
export class SurveyInvitations {
  private readonly log = new Logger('MessengerSurveys');

  constructor(
    @Inject(Recipients) private readonly recipients: Recipients,
    @Inject(MessengerState) private readonly state: MessengerState,
    @Inject(MessageSender) private readonly sender: MessageSender,
  ) {}

  async surveyInvited(event: CloudEvent<'survey.invited'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, survey, links } = event.data;
    if (survey.channel !== 'social') return;
    const key = `survey.${survey.id}`;
    let plan = await this.sender.begun(key);
    if (!plan) {
      const person = await this.recipients.of(c.contact);
      if (!person) return; // another social plugin's contact
      if (!/^https?:\/\//i.test(links.page)) {
        throw new PermanentFailure(`survey ${survey.id}: ${links.page} is not an http(s) link`);
      }
      const policy = replyPolicy({
        lastCustomerMessageAt: await this.state.lastCustomerMessage(person),
        now: new Date(),
        author: 'automatic',
        humanAgentGranted: false,
      });
      if (policy.kind === 'refused') {
        throw new PermanentFailure(`survey ${survey.id} to ${handleOf(person)}: ${policy.reason}`);
      }
      const text = `How did we do with case #${c.number}? Tell us here: ${links.page}`;
      plan = {
        person,
        messagingType: 'RESPONSE',
        tag: null,
        parts: [{ kind: 'text', text }],
        mids: [null],
        postedAt: [null],
        inFlight: null,
      };
    }
    try {
      await this.sender.send(key, plan);
    } catch (err) {
      if (!(err instanceof GraphApiError)) throw err;
      const verdict = sendVerdict(err, ctx.attempt);
      if (verdict.kind === 'failed')
        throw new PermanentFailure(`survey ${survey.id}: ${verdict.reason}`);
      if (ctx.isLastAttempt) throw new Error(`survey ${survey.id}: ${verdict.reason}`);
      throw new HandleLater(verdict.delayMs, verdict.reason);
    }
    this.log.log(`survey ${survey.id} of case #${c.number} sent to ${handleOf(plan.person)}`);
  }
}
