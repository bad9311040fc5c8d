import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  decideSurvey,
  sampleRoll,
  scaleScores,
  type CaseView,
  type SurveyLinks,
  type SurveySkipReason,
} from '@casehub/domain';
import { InboundPublisher, InjectPluginConfig, stableUuid } from '@casehub/plugin-sdk';
import { PAGE_LOCALES, type SurveyConfig } from '../survey.config.js';
import { SurveyState, type CaseMark, type SurveyRecord } from '../state/survey-state.js';
import { signSurveyToken } from '../state/survey-token.js';
import { surveyPolicyOf } from './survey-policy.factory.js';

/**
 * Decides whether a resolved case gets a survey and hands the decision to the core, which
 * records it (with the reason when not) and, for an invitation, has the channel plugin send it.
 * Safe to repeat: a redelivered `case.resolved` repeats the same decision with the same ids.
 */
@Injectable()
export class SurveySender {
  private readonly log = new Logger('SurveySender');

  constructor(
    @InjectPluginConfig() private readonly cfg: SurveyConfig,
    @Inject(SurveyState) private readonly state: SurveyState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  /** `c` is the case as it is now; `eventId` is the `case.resolved` event that asked. */
  async decide(c: CaseView, eventId: string, now = new Date()): Promise<void> {
    const mark = await this.state.caseMark(c.id);
    if (mark?.value.eventId === eventId) return this.invite(c, mark.value);
    const contact = c.contact;
    const decision = decideSurvey(
      c,
      surveyPolicyOf(this.cfg),
      {
        caseSurveyed: mark !== null,
        contactLastInvitedAt: contact ? await this.state.lastInvited(contact.id) : null,
        contactOptedOut: contact ? await this.state.optedOut(contact.id) : false,
      },
      now,
      sampleRoll(c.id),
    );
    if (decision.decision === 'skip') return this.skip(c, eventId, decision.reason, now);
    const claim: CaseMark = {
      surveyId: randomUUID(),
      eventId,
      decidedAt: now.toISOString(),
      expires: Math.floor(now.getTime() / 1000) + this.cfg.SURVEY_WINDOW_DAYS * 86_400,
    };
    // One survey per case, whichever replica or resolution gets here first.
    if (!(await this.state.markCase(c.id, claim))) return this.decide(c, eventId, now);
    return this.invite(c, claim);
  }

  private async invite(c: CaseView, mark: CaseMark): Promise<void> {
    const { surveyId } = mark;
    // After a crash between claiming the case and writing the survey, the retry writes it.
    const record = (await this.state.survey(surveyId))?.value ?? (await this.newSurvey(c, mark));
    const token = signSurveyToken(this.cfg.SURVEY_SECRET, record);
    await this.inbound.surveyDecision({
      surveyId,
      caseId: c.id,
      contactId: record.contactId,
      decision: 'invite',
      reason: null,
      kind: record.kind,
      channel: record.channel,
      locale: record.locale,
      askCes: record.askCes,
      decidedAt: mark.decidedAt,
      expiresAt: new Date(record.expires * 1000).toISOString(),
      links: this.links(token, record),
    });
    this.log.log(`case #${c.number}: ${record.kind} survey ${surveyId} sent by ${record.channel}`);
  }

  private async newSurvey(c: CaseView, mark: CaseMark): Promise<SurveyRecord> {
    const record: SurveyRecord = {
      id: mark.surveyId,
      caseId: c.id,
      caseNumber: c.number,
      contactId: c.contact!.id,
      kind: this.cfg.SURVEY_KIND,
      askCes: this.cfg.SURVEY_ASK_CES,
      channel: c.channel,
      locale: this.localeOf(c),
      expires: mark.expires,
      answer: null,
    };
    await this.state.putSurvey(record);
    await this.state.recordInvited(record.contactId, new Date(mark.decidedAt));
    return record;
  }

  private async skip(
    c: CaseView,
    eventId: string,
    reason: SurveySkipReason,
    now: Date,
  ): Promise<void> {
    await this.inbound.surveyDecision({
      surveyId: stableUuid('survey-skip', eventId), // the same on a redelivery: recorded once
      caseId: c.id,
      contactId: c.contact?.id ?? null,
      decision: 'skip',
      reason,
      kind: this.cfg.SURVEY_KIND,
      channel: c.channel,
      locale: this.localeOf(c),
      askCes: this.cfg.SURVEY_ASK_CES,
      decidedAt: now.toISOString(),
      expiresAt: null,
      links: null,
    });
    this.log.log(`case #${c.number}: no survey (${reason})`);
  }

  private links(token: string, r: SurveyRecord): SurveyLinks {
    const page = `${this.cfg.SURVEY_PUBLIC_URL}/s/${token}`;
    const lang = `lang=${encodeURIComponent(r.locale)}`;
    return {
      page: `${page}?${lang}`,
      scores: scaleScores(r.kind).map((score) => ({
        score,
        url: `${page}?score=${score}&${lang}`,
      })),
      unsubscribe: `${page}/unsubscribe?${lang}`,
    };
  }

  /** The case's language (custom field `locale`) where the pages speak it, else the default. */
  private localeOf(c: CaseView): string {
    const wanted = typeof c.customFields.locale === 'string' ? c.customFields.locale : '';
    const base = wanted.toLowerCase().split(/[-_]/)[0];
    return (PAGE_LOCALES as readonly string[]).includes(base)
      ? base
      : this.cfg.SURVEY_DEFAULT_LOCALE;
  }
}
