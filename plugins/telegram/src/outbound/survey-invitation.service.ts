import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import {
  HandleLater,
  InboundPublisher,
  PermanentFailure,
  type JetStreamContext,
} from '@casehub/plugin-sdk';
import { TelegramState } from '../state/telegram-state.js';
import { recordBlocked } from './blocked-opt-out.js';
import { CaseTargets } from './case-targets.service.js';
import { sendVerdict } from './send-verdict.js';
import { TelegramSender } from './telegram-sender.js';

/** The invitation's words: one short sentence with the survey page's link. */
export function surveyText(caseNumber: number, link: string): string {
  return `How did we do with case #${caseNumber}? Tell us here: ${link}`;
}

/**
 * Sends survey invitations the survey plugin chose the social channel for, on cases whose
 * conversation is on Telegram: one short message with the survey page's link, once per survey.
 * Nothing to mark on a message: a refusal is dead-lettered with the reason.
 */
@Injectable()
export class SurveyInvitations {
  private readonly log = new Logger('TelegramSurveys');

  constructor(
    @Inject(TelegramSender) private readonly sender: TelegramSender,
    @Inject(CaseTargets) private readonly targets: CaseTargets,
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  async surveyInvited(event: CloudEvent<'survey.invited'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, survey, links } = event.data;
    if (survey.channel !== 'social') return;
    const to = await this.targets.of(c);
    if (!to) return; // another social plugin's case
    if (!/^https?:\/\//i.test(links.page))
      throw new PermanentFailure(`survey ${survey.id}: ${links.page} is not an http(s) link`);
    try {
      await this.sender.send({
        key: `survey.${survey.id}`,
        to,
        text: surveyText(c.number, links.page),
      });
    } catch (err) {
      const verdict = sendVerdict(err, ctx.attempt);
      if (!verdict) throw err;
      switch (verdict.kind) {
        case 'later':
          if (ctx.isLastAttempt) throw new Error(`survey ${survey.id}: ${verdict.reason}`);
          throw new HandleLater(verdict.delayMs, verdict.reason);
        case 'blocked':
          await recordBlocked(this.inbound, await this.state.identityOf(to.chatId), verdict.source);
          this.log.log(`survey ${survey.id}: ${verdict.reason}; not invited`);
          return;
        case 'failed':
          throw new PermanentFailure(`survey ${survey.id}: ${verdict.reason}`);
      }
    }
    this.log.log(`survey ${survey.id} of case #${c.number} sent`);
  }
}
