import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import {
  buildEvent,
  normalizeIdentity,
  subjectOf,
  type InboundDelivery,
  type InboundMessage,
  type InboundSurveyDecision,
  type InboundSurveyResponse,
} from '@casehub/domain';
import { stableUuid } from './stable-uuid.js';

export type InboundMessageInput = Omit<
  InboundMessage,
  'plugin' | 'attachments' | 'threading' | 'autoReply'
> &
  Partial<Pick<InboundMessage, 'attachments' | 'threading' | 'autoReply'>>;
export type InboundDeliveryInput = Omit<InboundDelivery, 'plugin'>;
export type InboundSurveyDecisionInput = Omit<InboundSurveyDecision, 'plugin'>;
export type InboundSurveyResponseInput = Omit<InboundSurveyResponse, 'plugin'>;

/**
 * Hands what a plugin received to the core, durably: a customer's message, or what became of a
 * reply it delivered. The event id is derived from the provider's ids, so publishing the same
 * thing twice (after a crash, a timeout) is dropped by JetStream and by the core.
 */
export class InboundPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly opts: { plugin: string; subjectPrefix?: string; source?: string },
  ) {
    this.js = jetstream(nc);
  }

  /** Publishes a customer's message; resolves with the event id once JetStream has stored it. */
  async message(input: InboundMessageInput): Promise<string> {
    const from = normalizeIdentity(input.from.kind, input.from.value);
    const id = stableUuid(this.opts.plugin, 'message', input.channel, input.providerMessageId);
    const data: InboundMessage = {
      attachments: [],
      threading: {},
      autoReply: false,
      ...input,
      from: { ...input.from, value: from.value },
      plugin: this.opts.plugin,
    };
    await this.publish('inbound.message', data, id, `${from.kind}:${from.value}`);
    return id;
  }

  /** Reports on a reply the plugin was asked to deliver (`message.created`). */
  async delivery(input: InboundDeliveryInput): Promise<string> {
    const id = stableUuid(this.opts.plugin, 'delivery', input.messageId, input.status);
    await this.publish(
      'inbound.delivery',
      { ...input, plugin: this.opts.plugin },
      id,
      input.messageId,
    );
    return id;
  }

  /**
   * Tells the core whether a resolved case is surveyed (`invite`, with the links a channel plugin
   * puts in the invitation) or not (`skip`, with the reason). One decision per survey id.
   */
  async surveyDecision(input: InboundSurveyDecisionInput): Promise<string> {
    const id = stableUuid(this.opts.plugin, 'survey_decision', input.surveyId);
    await this.publish(
      'inbound.survey_decision',
      { ...input, plugin: this.opts.plugin },
      id,
      input.caseId,
    );
    return id;
  }

  /** Hands a customer's survey answer to the core; each revision of an answer is one event. */
  async surveyResponse(input: InboundSurveyResponseInput): Promise<string> {
    const id = stableUuid(
      this.opts.plugin,
      'survey_response',
      input.surveyId,
      String(input.revision),
    );
    await this.publish(
      'inbound.survey_response',
      { ...input, plugin: this.opts.plugin },
      id,
      input.caseId,
    );
    return id;
  }

  private async publish(
    name: InboundEventName,
    data: InboundMessage | InboundDelivery | InboundSurveyDecision | InboundSurveyResponse,
    id: string,
    subject: string,
  ): Promise<void> {
    const event = buildEvent(name, data as never, {
      id,
      source: this.opts.source ?? `/plugins/${this.opts.plugin}`,
      time: new Date(),
      subject,
    });
    const body = JSON.stringify(event);
    const prefix = this.opts.subjectPrefix ?? process.env.NATS_SUBJECT_PREFIX ?? 'casehub';
    const natsSubject = subjectOf(name, prefix);
    // A timed-out publish may still have been stored: retrying with the same msgID is safe.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.js.publish(natsSubject, body, { msgID: id, timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }
}

type InboundEventName =
  'inbound.message' | 'inbound.delivery' | 'inbound.survey_decision' | 'inbound.survey_response';
