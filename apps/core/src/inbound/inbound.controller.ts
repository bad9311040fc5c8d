import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCaseEvent, PermanentFailure } from '@casehub/plugin-sdk';
import { z, ZodError } from 'zod';
import { parseEvent, toStorableText } from '@casehub/domain';
import { InboundService } from './inbound.service.js';
import { ProblemException } from '../problems/problem.js';
import { SurveysService, type SurveyOutcome } from '../surveys/surveys.service.js';

type InboundEventName =
  | 'inbound.message'
  | 'inbound.delivery'
  | 'inbound.consent'
  | 'inbound.survey_decision'
  | 'inbound.survey_response';

/**
 * The core's side of the inbound path: customer contacts, delivery reports and survey decisions
 * and answers that plugins publish on JetStream, taken through the same durable, idempotent
 * transport plugins use.
 */
@Controller()
export class InboundController {
  constructor(
    private readonly inbound: InboundService,
    private readonly surveys: SurveysService,
  ) {}

  @OnCaseEvent('inbound.message')
  async message(@Payload() raw: unknown): Promise<void> {
    await this.inbound.receiveMessage(parse('inbound.message', raw));
  }

  @OnCaseEvent('inbound.delivery')
  async delivery(@Payload() raw: unknown): Promise<void> {
    await this.inbound.recordDelivery(parse('inbound.delivery', raw));
  }

  @OnCaseEvent('inbound.consent')
  async consent(@Payload() raw: unknown): Promise<void> {
    try {
      await this.inbound.recordConsent(parse('inbound.consent', raw));
    } catch (err) {
      // A contact id no contact has will never have one: dead-letter it with the reason.
      if (err instanceof ProblemException && err.problem.status === 404)
        throw new PermanentFailure(`inbound.consent: ${err.problem.detail}`);
      throw err;
    }
  }

  @OnCaseEvent('inbound.survey_decision')
  async surveyDecision(@Payload() raw: unknown): Promise<void> {
    settle(await this.surveys.recordDecision(parse('inbound.survey_decision', raw)));
  }

  @OnCaseEvent('inbound.survey_response')
  async surveyResponse(@Payload() raw: unknown): Promise<void> {
    settle(await this.surveys.recordResponse(parse('inbound.survey_response', raw)));
  }
}

/**
 * An event that breaks the contract will never parse: dead-letter it with the reason, at once.
 * Text no database stores as sent (a NUL in a customer's email) is cleaned, not refused: the
 * customer cannot resend it, so losing the contact would be worse than a missing NUL.
 */
function parse<N extends InboundEventName>(name: N, raw: unknown) {
  try {
    return parseEvent(name, toStorableText(raw)).data;
  } catch (err) {
    const detail = err instanceof ZodError ? z.prettifyError(err) : (err as Error).message;
    throw new PermanentFailure(`${name} breaks the contract: ${detail}`);
  }
}

/** A survey event that can never apply (no such survey, a score off its scale) is dead-lettered. */
function settle(outcome: SurveyOutcome): void {
  if (outcome.kind === 'rejected') throw new PermanentFailure(outcome.reason);
}
