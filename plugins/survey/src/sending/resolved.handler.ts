import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@casehub/domain';
import { CoreClient, HandleLater, InjectPluginConfig, OnCaseEvent } from '@casehub/plugin-sdk';
import type { SurveyConfig } from '../survey.config.js';
import { SurveySender } from './survey-sender.service.js';

/**
 * A resolved case is surveyed SURVEY_DELAY_SECONDS later: until then the event waits in
 * JetStream (any replica takes it when it is due, a restart loses nothing). When it was delayed,
 * the case is read again: a case reopened in the meantime is not surveyed.
 */
@Controller()
export class ResolvedHandler {
  constructor(
    @InjectPluginConfig() private readonly cfg: SurveyConfig,
    @Inject(SurveySender) private readonly sender: SurveySender,
    @Inject(CoreClient) private readonly core: CoreClient,
  ) {}

  @OnCaseEvent('case.resolved')
  async resolved(@Payload() event: CloudEvent<'case.resolved'>): Promise<void> {
    const delayMs = this.cfg.SURVEY_DELAY_SECONDS * 1000;
    const due = Date.parse(event.time) + delayMs;
    const wait = due - Date.now();
    if (wait > 0)
      throw new HandleLater(wait, `survey of case #${event.data.case.number} due later`);
    const c = delayMs > 0 ? await this.core.cases.get(event.data.case.id) : event.data.case;
    await this.sender.decide(c, event.id);
  }
}
