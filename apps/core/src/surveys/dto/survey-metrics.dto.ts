import { z } from 'zod';
import { SURVEY_GROUP_BYS, type SurveyMetrics } from '@casehub/domain';

const figure = z.number().nullable();

/** The documented shape of one group's figures (SurveyScores in @casehub/domain). */
const surveyScoresSchema = z.object({
  invited: z.number().int().describe('Invitations sent (answered or not).'),
  skipped: z.number().int().describe('Resolved cases the survey plugin decided not to survey.'),
  responded: z.number().int().describe('Invitations answered.'),
  responseRate: figure.describe('% of invitations answered; null without invitations.'),
  csat: z.object({
    responses: z.number().int(),
    score: figure.describe('% of CSAT answers that are 4 or 5; null without answers.'),
  }),
  nps: z.object({
    responses: z.number().int(),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    score: figure.describe('% promoters (9–10) − % detractors (0–6), −100 to 100.'),
  }),
  ces: z.object({
    responses: z.number().int(),
    mean: figure.describe('Mean effort answer on 1–7 (higher: easier).'),
    agreePct: figure.describe('% of effort answers from 5 to 7.'),
  }),
});

/** The documented answer of GET /v1/metrics/surveys (docs/metrics.md defines each figure). */
export const surveyMetricsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  groupBy: z.enum(SURVEY_GROUP_BYS).nullable(),
  total: surveyScoresSchema,
  groups: z
    .array(surveyScoresSchema.extend({ key: z.string().nullable() }))
    .optional()
    .describe('With groupBy only; key null collects the surveys of no agent (or no group).'),
});

// Does not compile if the answer's type and its documented shape drift apart.
const _documented = (m: SurveyMetrics): z.infer<typeof surveyMetricsSchema> => m;
