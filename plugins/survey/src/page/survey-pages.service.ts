import { Inject, Injectable, Logger } from '@nestjs/common';
import { scaleScores } from '@casehub/domain';
import { InboundPublisher, InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SurveyConfig } from '../survey.config.js';
import {
  isConflict,
  SurveyState,
  type SurveyRecord,
  type Versioned,
} from '../state/survey-state.js';
import { parseSurveyToken, tokenMatches } from '../state/survey-token.js';
import { PageRenderer, type PageLocale } from './page-renderer.js';
import { readAnswerForm, type AnswerField, type AnswerForm } from './survey-answer.js';

/** What a request gets: a page with its status, or a redirect. */
export type PageResult =
  { status: number; html: string; retryAfter?: number } | { status: 303; location: string };

export interface PageRequest {
  token: string;
  lang?: unknown;
  acceptLanguage?: string;
}

type Problem = 'invalid' | 'closed' | 'limited' | 'unavailable';
const PROBLEM_STATUS: Record<Problem, number> = {
  invalid: 404,
  closed: 410,
  limited: 429,
  unavailable: 503,
};

/**
 * The survey pages' logic. A GET only shows (mail scanners fetch every link); answers come by
 * POST and go to the core on JetStream before anything else, so an answer the customer sent is
 * never lost, whether or not the core is up.
 */
@Injectable()
export class SurveyPages {
  private readonly log = new Logger('SurveyPages');

  constructor(
    @InjectPluginConfig() private readonly cfg: SurveyConfig,
    @Inject(SurveyState) private readonly state: SurveyState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
  ) {}

  /** The survey, with the score from the mail's button chosen (nothing recorded). */
  async show(req: PageRequest, chosen?: unknown): Promise<PageResult> {
    const found = await this.open(req);
    if ('status' in found) return found;
    const { record, locale } = found;
    const score = Number(chosen);
    const preset =
      chosen !== undefined && scaleScores(record.kind).includes(score) ? score : undefined;
    return this.form(
      req.token,
      record,
      locale,
      200,
      {
        score: preset ?? record.answer?.score,
        ces: record.answer?.ces ?? null,
        comment: record.answer?.comment ?? null,
      },
      [],
      preset !== undefined,
    );
  }

  /** Records an answer (or a change to it) and sends the customer on to the thank-you page. */
  async answer(req: PageRequest, body: unknown): Promise<PageResult> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.open(req);
      if ('status' in found) return found;
      const { record, revision, locale } = found;
      const form = readAnswerForm(record.kind, record.askCes, body);
      if ('errors' in form)
        return this.form(req.token, record, locale, 422, form.values, form.errors);
      const next = await this.store(record, revision, form.answer);
      if (next === 'conflict' && attempt < 3) continue; // the same link answered twice at once
      if (next !== 'stored')
        return this.problem(next === 'conflict' ? 'unavailable' : next, locale);
      return { status: 303, location: `/s/${req.token}/thanks?lang=${locale}` };
    }
  }

  async thanks(req: PageRequest): Promise<PageResult> {
    const found = await this.open(req);
    if ('status' in found) return found;
    const { record, locale } = found;
    if (!record.answer) return { status: 303, location: `/s/${req.token}?lang=${locale}` };
    return this.message(
      locale,
      200,
      'thanks.title',
      this.pages.t(locale, 'thanks.body', {
        until: this.pages.date(locale, record.expires * 1000),
      }),
      { url: `/s/${req.token}?lang=${locale}`, label: this.pages.t(locale, 'thanks.change') },
    );
  }

  /** The page behind List-Unsubscribe for people who click it: a button, so scanners opt nobody out. */
  async unsubscribePage(req: PageRequest): Promise<PageResult> {
    const found = await this.open(req, { evenClosed: true });
    if ('status' in found) return found;
    const title = this.pages.t(found.locale, 'unsubscribe.title');
    return {
      status: 200,
      html: this.pages.render('unsubscribe', found.locale, title, {
        action: `/s/${req.token}/unsubscribe?lang=${found.locale}`,
      }),
    };
  }

  /** RFC 8058 one-click unsubscribe (a POST from the mail client) or the page's button. */
  async unsubscribe(req: PageRequest): Promise<PageResult> {
    const found = await this.open(req, { evenClosed: true });
    if ('status' in found) return found;
    // Kept on the contact in the core, beside STOP, where agents see it and the core refuses
    // later invitations; the plugin's own note lets it skip them before asking.
    const { contactId, channel } = found.record;
    await this.state.optOut(contactId, new Date());
    await this.inbound.consent({
      channel,
      contactId,
      topic: 'surveys',
      consent: 'opted_out',
      source: 'survey unsubscribe link',
      at: new Date().toISOString(),
    });
    this.log.log(`contact ${contactId} opted out of surveys by ${channel}`);
    return this.message(
      found.locale,
      200,
      'unsubscribed.title',
      this.pages.t(found.locale, 'unsubscribed.body'),
    );
  }

  /** A page for a request that never reached a survey (rate limit, unknown route). */
  problem(kind: Problem, locale: PageLocale, retryAfter?: number): PageResult {
    const page = this.message(
      locale,
      PROBLEM_STATUS[kind],
      `${kind}.title`,
      this.pages.t(locale, `${kind}.body`),
    );
    return retryAfter ? { ...page, retryAfter } : page;
  }

  localeOf(req: Omit<PageRequest, 'token'>): PageLocale {
    return this.pages.localeFor(req.lang, req.acceptLanguage);
  }

  /**
   * The survey behind a link, if the link is one we signed for it and its window is open.
   * Forged, altered and unknown links look the same from outside (404).
   */
  private async open(
    req: PageRequest,
    opts: { evenClosed?: boolean } = {},
  ): Promise<
    (Versioned<SurveyRecord> & { record: SurveyRecord; locale: PageLocale }) | PageResult
  > {
    const parts = parseSurveyToken(req.token);
    const found = parts ? await this.state.survey(parts.id) : null;
    const locale = this.pages.localeFor(req.lang, req.acceptLanguage, found?.value.locale);
    if (!found || !tokenMatches(this.cfg.SURVEY_SECRET, req.token, found.value)) {
      return this.problem('invalid', locale);
    }
    if (!opts.evenClosed && Date.now() >= found.value.expires * 1000)
      return this.problem('closed', locale);
    return { ...found, record: found.value, locale };
  }

  private async store(
    record: SurveyRecord,
    revision: number,
    form: AnswerForm,
  ): Promise<'stored' | 'conflict' | 'unavailable'> {
    const answer = {
      ...form,
      revision: (record.answer?.revision ?? 0) + 1,
      answeredAt: new Date().toISOString(),
    };
    try {
      // The core's copy first: once JetStream has it, the answer is safe.
      await this.inbound.surveyResponse({ surveyId: record.id, caseId: record.caseId, ...answer });
    } catch (err) {
      this.log.error(`survey ${record.id}: answer not handed over: ${(err as Error).message}`);
      return 'unavailable';
    }
    try {
      await this.state.updateSurvey({ ...record, answer }, revision);
      return 'stored';
    } catch (err) {
      if (isConflict(err)) return 'conflict';
      this.log.error(
        `survey ${record.id}: answer handed over, page copy not kept: ${(err as Error).message}`,
      );
      return 'stored';
    }
  }

  private form(
    token: string,
    record: SurveyRecord,
    locale: PageLocale,
    status: number,
    values: Partial<AnswerForm>,
    errors: AnswerField[] = [],
    presetFromLink = false,
  ): PageResult {
    const t = (key: string, vars?: object) => this.pages.t(locale, key, vars);
    const submitLabel = t(record.answer ? 'update' : 'submit');
    const error = (f: AnswerField) => (errors.includes(f) ? t(`error.${f}`) : undefined);
    const words = record.kind === 'csat';
    const html = this.pages.render('survey', locale, t('title'), {
      caseNumber: record.caseNumber,
      action: `/s/${token}?lang=${locale}`,
      unsubscribeUrl: `/s/${token}/unsubscribe?lang=${locale}`,
      question: t(`${record.kind}.question`),
      wordScale: words,
      lowLabel: words ? undefined : t('nps.low'),
      highLabel: words ? undefined : t('nps.high'),
      scores: scaleScores(record.kind).map((value) => ({
        value,
        checked: value === values.score,
        label: words
          ? t(`csat.${value}`)
          : value === 0
            ? t('nps.low')
            : value === 10
              ? t('nps.high')
              : undefined,
      })),
      ces: record.askCes
        ? {
            question: t('ces.question'),
            scores: scaleScores('ces').map((value) => ({
              value,
              checked: value === values.ces,
              label: t(`ces.${value}`),
            })),
          }
        : undefined,
      comment: values.comment ?? '',
      submitLabel,
      errors: errors.map((field) => ({ field, message: t(`error.${field}`) })),
      scoreError: error('score'),
      cesError: error('ces'),
      commentError: error('comment'),
      chosenNotice:
        presetFromLink && values.score !== undefined
          ? t('chosen', { score: values.score, submit: submitLabel })
          : undefined,
      answeredNotice: record.answer
        ? t('answered', {
            date: this.pages.date(locale, record.answer.answeredAt),
            until: this.pages.date(locale, record.expires * 1000),
          })
        : undefined,
    });
    return { status, html };
  }

  private message(
    locale: PageLocale,
    status: number,
    headingKey: string,
    text: string,
    link?: { url: string; label: string },
  ): PageResult {
    const heading = this.pages.t(locale, headingKey);
    return { status, html: this.pages.render('message', locale, heading, { heading, text, link }) };
  }
}
