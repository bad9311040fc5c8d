import { z } from 'zod';
import { settings } from '@casehub/plugin-sdk';
import { CHANNELS, SURVEY_KINDS } from '@casehub/domain';

const bool = settings.flag();
const commaList = settings.list();
const channels = commaList.pipe(z.array(z.enum(CHANNELS)));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const PAGE_LOCALES = ['en', 'de', 'fr', 'es'] as const;

/** Settings of the survey plugin (docs/configuration.md#survey-plugin lists them). */
export const surveyConfigSchema = z.preprocess(
  // SURVEY_SECRET falls back to CASEHUB_SECRET; an error still names SURVEY_SECRET.
  (env: Record<string, unknown>) => ({
    ...env,
    SURVEY_SECRET: env.SURVEY_SECRET ?? env.CASEHUB_SECRET,
  }),
  z.object({
    SURVEY_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be the public http(s) URL of the survey pages' })
      .transform((u) => u.replace(/\/+$/, '')),
    SURVEY_SECRET: z
      .string()
      .min(32, 'must be at least 32 random characters (it signs the survey links)'),
    SURVEY_PORT: int(0, 65535).default(3100),
    SURVEY_HOST: z.string().min(1).default('0.0.0.0'),
    SURVEY_TRUST_PROXY: bool.default(false),
    SURVEY_KIND: z.enum(SURVEY_KINDS).default('csat'),
    SURVEY_ASK_CES: bool.default(true),
    SURVEY_DELAY_SECONDS: int(0, 30 * 86_400).default(3600),
    SURVEY_THROTTLE_DAYS: int(0, 3650).default(30),
    SURVEY_SAMPLE_PERCENT: int(0, 100).default(100),
    SURVEY_EXCLUDE_TAGS: commaList.default([]),
    SURVEY_EXCLUDE_CHANNELS: channels.default([]),
    SURVEY_CHANNELS: channels.default(['email']),
    SURVEY_WINDOW_DAYS: int(1, 365).default(14),
    SURVEY_DEFAULT_LOCALE: z.enum(PAGE_LOCALES).default('en'),
    SURVEY_RATE_LIMIT_PER_TOKEN: int(1, 100_000).default(30),
    SURVEY_RATE_LIMIT_PER_ADDRESS: int(1, 1_000_000).default(300),
  }),
);

export type SurveyConfig = z.output<typeof surveyConfigSchema>;
