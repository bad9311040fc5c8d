import { z } from 'zod';
import { settings } from '@casehub/plugin-sdk';
import { CHANNELS, SURVEY_KINDS } from '@casehub/domain';

const bool = settings.flag();
const commaList = settings.list();
const channels = commaList.pipe(z.array(z.enum(CHANNELS)));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const PAGE_LOCALES = ['en', 'de', 'fr', 'es'] as const;

/** Settings of the survey plugin (docs/configuration.md#survey-plugin lists them). */
export const surveyConfigSchema = z
  .object({
    SURVEY_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be the public http(s) URL of the survey pages' })
      .transform((u) => u.replace(/\/+$/, '')),
    SURVEY_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (it signs the survey links)')
      .optional(),
    CASEHUB_SECRET: z.string().optional(),
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
  })
  .transform((c, ctx) => {
    const secret = c.SURVEY_SECRET ?? c.CASEHUB_SECRET;
    if (!secret || secret.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['SURVEY_SECRET'],
        message: secret
          ? 'is not set, and CASEHUB_SECRET is shorter than 32 characters'
          : 'is not set (nor CASEHUB_SECRET): set 32 or more random characters',
      });
      return z.NEVER;
    }
    const { CASEHUB_SECRET: _, ...rest } = c;
    return { ...rest, SURVEY_SECRET: secret };
  });

export type SurveyConfig = z.output<typeof surveyConfigSchema>;
