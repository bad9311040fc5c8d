import type { NatsConnection } from '@nats-io/transport-node';
import {
  buildEvent,
  normalizeIdentity,
  subjectOf,
  type EventMapV1,
  type InboundConsent,
  type InboundDelivery,
  type InboundMessage,
  type InboundSurveyDecision,
  type InboundSurveyResponse,
} from '@casehub/domain';
import { stableUuid } from './stable-uuid.js';
import { StreamPublisher } from './nats/stream-publisher.js';

export type InboundMessageInput = Omit<
  InboundMessage,
  'plugin' | 'attachments' | 'threading' | 'autoReply'
> &
  Partial<Pick<InboundMessage, 'attachments' | 'threading' | 'autoReply'>>;
export type InboundDeliveryInput = Omit<InboundDelivery, 'plugin'>;
export type InboundConsentInput = Omit<InboundConsent, 'plugin' | 'topic'> &
  Partial<Pick<InboundConsent, 'topic'>>;
export type InboundSurveyDecisionInput = Omit<InboundSurveyDecision, 'plugin'>;
export type InboundSurveyResponseInput = Omit<InboundSurveyResponse, 'plugin'>;

/**
 * Hands what a plugin received to the core, durably: a customer's message, what became of a
 * reply it delivered, a survey decision or answer. The event id is derived from their own ids, so
 * publishing the same thing twice (after a crash, a timeout) is dropped by JetStream and the core.
 */
export class InboundPublisher {
  private publisher: StreamPublisher | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: { plugin: string; subjectPrefix?: string; source?: string },
  ) {}

  /** Publishes a customer's message; resolves with the event id once JetStream has stored it. */
  message(input: InboundMessageInput): Promise<string> {
    const from = normalizeIdentity(input.from.kind, input.from.value);
    const data = {
      attachments: [],
      threading: {},
      autoReply: false,
      ...input,
      from: { ...input.from, value: from.value },
    };
    const key = [input.channel, input.providerMessageId];
    return this.publish('inbound.message', data, key, `${from.kind}:${from.value}`);
  }

  /** Reports on a reply the plugin was asked to deliver (`message.created`). */
  delivery(input: InboundDeliveryInput): Promise<string> {
    const key = [input.messageId, input.status];
    return this.publish('inbound.delivery', input, key, input.messageId);
  }

  /**
   * Tells the core that a customer opted out of (or back into) messages on a channel, as the
   * provider reported it (Twilio's 21610: they texted STOP to the provider), or out of survey
   * invitations (`topic: 'surveys'`). Name them by `from` or, when you know it, `contactId`.
   * A message that is only a keyword ("STOP") needs no call: the core reads it from `message()`.
   */
  consent(input: InboundConsentInput): Promise<string> {
    const from = input.from && normalizeIdentity(input.from.kind, input.from.value);
    const who = from ? `${from.kind}:${from.value}` : `contact:${input.contactId}`;
    const topic = input.topic ?? 'messages';
    const key = [input.channel, who, topic, input.consent, input.at];
    return this.publish(
      'inbound.consent',
      { ...input, topic, ...(from ? { from } : {}) },
      key,
      who,
    );
  }

  /**
   * Tells the core whether a resolved case is surveyed (`invite`, with the links a channel plugin
   * puts in the invitation) or not (`skip`, with the reason). One decision per survey id.
   */
  surveyDecision(input: InboundSurveyDecisionInput): Promise<string> {
    return this.publish('inbound.survey_decision', input, [input.surveyId], input.caseId);
  }

  /** Hands a customer's survey answer to the core; each revision of an answer is one event. */
  surveyResponse(input: InboundSurveyResponseInput): Promise<string> {
    const key = [input.surveyId, input.revision];
    return this.publish('inbound.survey_response', input, key, input.caseId);
  }

  /**
   * Publishes `data` (this plugin's name added) as event `name`, with an id derived from the
   * plugin, the kind and `key`; resolves with that id once JetStream has stored the event.
   */
  private async publish<N extends InboundEventName>(
    name: N,
    data: Omit<EventMapV1[N], 'plugin'>,
    key: (string | number)[],
    subject: string,
  ): Promise<string> {
    const id = stableUuid(this.opts.plugin, name.slice('inbound.'.length), ...key);
    const event = buildEvent(name, { ...data, plugin: this.opts.plugin } as EventMapV1[N], {
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
        this.publisher ??= new StreamPublisher(this.nc, 5_000);
        await this.publisher.publish({ subject: natsSubject, payload: body, msgId: id });
        return id;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }
}

type InboundEventName =
  | 'inbound.message'
  | 'inbound.delivery'
  | 'inbound.consent'
  | 'inbound.survey_decision'
  | 'inbound.survey_response';
