import { z } from 'zod';
import { caseViewSchema, contactRefSchema } from '../case/case.js';
import { caseStatusSchema } from '../case/case-status.js';
import { messageViewSchema } from '../message/message.js';
import { channelSchema } from '../case/channel.js';
import { CONSENT_TOPICS } from '../contact/consent.js';
import { inboundConsentSchema, inboundDeliverySchema, inboundMessageSchema } from './inbound.js';
import {
  inboundSurveyDecisionSchema,
  inboundSurveyResponseSchema,
  surveyLinksSchema,
  surveyViewSchema,
} from '../survey/survey.js';

/** Who caused a change: an agent or API key, a plugin, or the system itself (SLA clock, relay). */
export const actorSchema = z.object({
  type: z.enum(['agent', 'api_key', 'plugin', 'contact', 'system']),
  id: z.string().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

const withCase = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ case: caseViewSchema, actor: actorSchema, ...shape });

const escalationSchema = z.object({
  by: z.string(),
  reason: z.string(),
  at: z.iso.datetime({ offset: true }),
  fromTier: z.number().int(),
  toTier: z.number().int(),
  fromGroupId: z.string().nullable(),
  toGroupId: z.string().nullable(),
  fromAssigneeId: z.string().nullable(),
  toAssigneeId: z.string().nullable(),
});

const contactConsent = z.object({
  contact: contactRefSchema,
  channel: channelSchema,
  topic: z
    .enum(CONSENT_TOPICS)
    .describe('`messages`: anything on the channel; `surveys`: survey invitations only.'),
  at: z.iso.datetime({ offset: true }),
  source: z.string().describe('What recorded it: "keyword STOP", "provider error 21610", ...'),
  actor: actorSchema,
});

/**
 * The one place that owns every v1 event: its name (subject `casehub.v1.<name>`, type
 * `casehub.<name>.v1`) and the schema of its `data`. Plugins and the core both read it.
 */
export const EVENTS_V1 = {
  'case.created': withCase({}),
  'case.updated': withCase({
    changed: z.array(z.string()).describe('Names of the fields that changed.'),
  }),
  'case.status_changed': withCase({
    from: caseStatusSchema,
    to: caseStatusSchema,
    reason: z.string().nullable().describe('Why, as the agent wrote it.'),
  }),
  'case.assigned': withCase({
    fromAssigneeId: z.string().nullable(),
    toAssigneeId: z.string().nullable(),
    groupId: z.string().nullable(),
  }),
  'case.escalated': withCase({ escalation: escalationSchema }),
  'case.resolved': withCase({}),
  'case.reopened': withCase({ reason: z.enum(['customer_contact', 'agent']) }),
  'case.closed': withCase({}),
  'message.created': withCase({ message: messageViewSchema }),
  'interaction.recorded': withCase({
    interaction: z.object({
      id: z.string(),
      channel: channelSchema,
      direction: z.enum(['inbound', 'outbound']),
      startedAt: z.iso.datetime({ offset: true }),
      endedAt: z.iso.datetime({ offset: true }).nullable(),
      talkSeconds: z.number().int(),
      holdSeconds: z.number().int(),
      wrapUpSeconds: z.number().int(),
      abandoned: z.boolean(),
      agentId: z.string().nullable(),
    }),
  }),
  // A survey decision about a resolved case: channel plugins deliver `invited` (with its links).
  'survey.invited': withCase({ survey: surveyViewSchema, links: surveyLinksSchema }),
  'survey.skipped': withCase({ survey: surveyViewSchema }),
  'survey.responded': withCase({
    survey: surveyViewSchema,
    firstAnswer: z.boolean().describe('False when the customer changed an earlier answer.'),
  }),
  // A contact's consent to be messaged on a channel (subject: the contact id).
  'contact.opted_out': contactConsent,
  'contact.opted_in': contactConsent,
  // From channel plugins to the core (subject: the sender's channel and provider message id).
  'inbound.message': inboundMessageSchema,
  'inbound.delivery': inboundDeliverySchema,
  'inbound.consent': inboundConsentSchema,
  // From the survey plugin to the core (subject: the case id).
  'inbound.survey_decision': inboundSurveyDecisionSchema,
  'inbound.survey_response': inboundSurveyResponseSchema,
} as const;

export type EventMapV1 = { [K in keyof typeof EVENTS_V1]: z.infer<(typeof EVENTS_V1)[K]> };
export type EventName = keyof EventMapV1;
export const EVENT_NAMES = Object.keys(EVENTS_V1) as EventName[];

/** NATS subject of an event, e.g. `casehub.v1.case.created`. The prefix isolates test streams. */
export function subjectOf(name: EventName, prefix = 'casehub'): string {
  return `${prefix}.v1.${name}`;
}

/** CloudEvents `type` of an event, e.g. `casehub.case.created.v1`. */
export function typeOf(name: EventName): string {
  return `casehub.${name}.v1`;
}

/** The event name behind a CloudEvents type, or null for a type this contract does not know. */
export function eventNameOfType(type: string): EventName | null {
  const m = /^casehub\.(.+)\.v1$/.exec(type);
  // Object.hasOwn, not `in`: `in` also finds Object.prototype keys such as toString.
  return m && Object.hasOwn(EVENTS_V1, m[1]) ? (m[1] as EventName) : null;
}
