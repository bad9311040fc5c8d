import { z } from 'zod';
import type { SurveyScores } from '../survey/survey-scores.js';

/** What survey figures can be broken down by: the case's agent or group, the channel, the UTC day. */
export const SURVEY_GROUP_BYS = ['agent', 'group', 'channel', 'day'] as const;
export type SurveyGroupBy = (typeof SURVEY_GROUP_BYS)[number];

/** The period the survey metrics cover when `from` is left out: this many days up to `to`. */
export const SURVEY_METRICS_DEFAULT_DAYS = 30;

const isoDay = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** A day (`2026-11-01`, midnight UTC) or a date-time with an offset (`2026-11-01T09:00:00+01:00`). */
const instant = z
  .string()
  .refine(
    (s) => isoDay.safeParse(s).success || isoDateTime.safeParse(s).success,
    'must be a date (2026-11-01) or a date-time with an offset (2026-11-01T09:00:00Z)',
  )
  .transform((s) => new Date(isoDay.safeParse(s).success ? `${s}T00:00:00Z` : s));

/**
 * `GET /v1/metrics/surveys`. The period is the invitations' cohort: surveys decided in
 * [from, to), whenever they were answered (docs/metrics.md).
 */
export const surveyMetricsQuerySchema = z
  .object({
    from: instant
      .optional()
      .describe(
        `Start of the period, included: surveys decided at or after it. A date (midnight UTC) or a date-time with an offset. Default: ${SURVEY_METRICS_DEFAULT_DAYS} days before \`to\`.`,
      ),
    to: instant
      .optional()
      .describe('End of the period, excluded. A date or a date-time, as `from`. Default: now.'),
    groupBy: z
      .enum(SURVEY_GROUP_BYS)
      .optional()
      .describe('Adds `groups`: one per agent, group, channel or UTC day (YYYY-MM-DD).'),
  })
  .strict()
  .transform(({ from, to, groupBy }) => {
    const end = to ?? new Date();
    return {
      from: from ?? new Date(end.getTime() - SURVEY_METRICS_DEFAULT_DAYS * 86_400_000),
      to: end,
      groupBy: groupBy ?? null,
    };
  })
  .refine((q) => q.from.getTime() < q.to.getTime(), {
    message: 'must be before `to` (which defaults to now)',
    path: ['from'],
  });
export type SurveyMetricsQuery = z.infer<typeof surveyMetricsQuerySchema>;

/** One group's survey figures; `key` is null for surveys of no agent (or no group). */
export interface SurveyMetricsGroup extends SurveyScores {
  key: string | null;
}

/** What `GET /v1/metrics/surveys` answers. */
export interface SurveyMetrics {
  from: string;
  to: string;
  groupBy: SurveyGroupBy | null;
  total: SurveyScores;
  /** Only with `groupBy`. */
  groups?: SurveyMetricsGroup[];
}
