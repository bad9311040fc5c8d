import { z } from 'zod';
import { channelSchema } from '../case/channel.js';

const isoDate = z.iso.datetime({ offset: true });

/**
 * What a survey asks first. CSAT: "how satisfied are you with the support you got" on 1–5;
 * NPS: "how likely are you to recommend us" on 0–10. CES (effort, 1–7) is a follow-up question.
 */
export const SURVEY_KINDS = ['csat', 'nps'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const surveyKindSchema = z.enum(SURVEY_KINDS);

/** Answer scales, inclusive. */
export const SURVEY_SCALES = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
} as const;
export type SurveyScale = keyof typeof SURVEY_SCALES;

/** The scores of a scale, lowest first (e.g. 0..10 for NPS). */
export function scaleScores(scale: SurveyScale): number[] {
  const { min, max } = SURVEY_SCALES[scale];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

export function isScore(scale: SurveyScale, value: unknown): value is number {
  const { min, max } = SURVEY_SCALES[scale];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** Why a resolved case got no survey. Every decision not to send is recorded with one. */
export const SURVEY_SKIP_REASONS = [
  'already_surveyed', // one survey per case: this case had its invitation
  'throttled', // the contact was invited within the throttle window
  'not_sampled', // outside the sampling percentage
  'excluded_tag', // the case carries an excluded tag
  'excluded_channel', // the case's channel is excluded
  'channel_unsupported', // no channel plugin carries invitations on the case's channel
  'opted_out', // the contact unsubscribed from surveys
  'no_contact', // the case has no contact, or none reachable on its channel
  'case_reopened', // the case was no longer resolved or closed when the invitation was due
] as const;
export type SurveySkipReason = (typeof SURVEY_SKIP_REASONS)[number];
export const surveySkipReasonSchema = z.enum(SURVEY_SKIP_REASONS);

export const SURVEY_STATUSES = ['invited', 'skipped', 'responded'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

const commentSchema = z.string().max(5000);

/** A customer's answer. One per invitation; it can be changed until the window closes. */
export const surveyAnswerSchema = z.object({
  score: z
    .number()
    .int()
    .min(0)
    .max(10)
    .describe('On the survey kind’s scale (CSAT 1–5, NPS 0–10).'),
  ces: z.number().int().min(1).max(7).nullable().describe('Customer effort, 1–7, when asked.'),
  comment: commentSchema.nullable().describe('As the customer wrote it (plain text, never HTML).'),
  revision: z.number().int().positive().describe('1 for the first answer, +1 for each change.'),
  answeredAt: isoDate,
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** A survey decision about one resolved case, as the core keeps it. */
export const surveyViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  contactId: z.string().nullable(),
  kind: surveyKindSchema,
  channel: channelSchema,
  status: z.enum(SURVEY_STATUSES),
  skipReason: surveySkipReasonSchema.nullable(),
  agentId: z.string().nullable().describe('The agent the case was with when it was resolved.'),
  groupId: z.string().nullable(),
  locale: z.string(),
  askCes: z.boolean(),
  decidedAt: isoDate,
  expiresAt: isoDate.nullable().describe('When the answer window closes (invitations only).'),
  answer: surveyAnswerSchema.nullable(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

/** Links an invitation carries: one per score (one click), the page, and unsubscribe (RFC 8058). */
/** Links customers open: web pages only (`javascript:` and `data:` URLs are also URLs). */
const webUrl = () => z.url({ protocol: /^https?$/ });

export const surveyLinksSchema = z.object({
  page: webUrl().describe('The survey page without a score chosen.'),
  scores: z.array(z.object({ score: z.number().int(), url: webUrl() })),
  unsubscribe: webUrl().describe('List-Unsubscribe target; a POST there opts the contact out.'),
});
export type SurveyLinks = z.infer<typeof surveyLinksSchema>;

/** From the survey plugin to the core: whether a resolved case is surveyed, and if not, why. */
export const inboundSurveyDecisionSchema = z.object({
  plugin: z.string().min(1),
  surveyId: z.string().min(1).max(64),
  caseId: z.string().min(1),
  contactId: z.string().nullable(),
  decision: z.enum(['invite', 'skip']),
  reason: surveySkipReasonSchema.nullable().describe('Why not, for `skip`.'),
  kind: surveyKindSchema,
  channel: channelSchema,
  locale: z.string().min(2).max(35),
  askCes: z.boolean(),
  decidedAt: isoDate,
  expiresAt: isoDate.nullable(),
  links: surveyLinksSchema
    .nullable()
    .describe('For `invite`: what the channel plugin puts in the invitation.'),
});
export type InboundSurveyDecision = z.infer<typeof inboundSurveyDecisionSchema>;

/** From the survey plugin to the core: a customer answered (or changed an answer). */
export const inboundSurveyResponseSchema = surveyAnswerSchema.extend({
  plugin: z.string().min(1),
  surveyId: z.string().min(1).max(64),
  caseId: z.string().min(1),
});
export type InboundSurveyResponse = z.infer<typeof inboundSurveyResponseSchema>;
