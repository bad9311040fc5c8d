import { createRequire } from 'node:module';
import { definePlugin } from '@casehub/plugin-sdk';
import { surveyConfigSchema } from './survey.config.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** CSAT/NPS surveys of resolved cases, with CES as a follow-up, answered on a hosted page. */
export const surveyPlugin = definePlugin({
  name: 'survey',
  version,
  consumes: ['case.resolved'],
  description: 'CSAT/NPS/CES surveys of resolved cases, answered on a hosted page',
  config: surveyConfigSchema,
  // Only resolved cases matter; a survey waits in the stream until it is due (SURVEY_DELAY_SECONDS).
  delivery: { subjects: 'case.resolved', maxAttempts: 8 },
  http: (cfg) => ({
    port: cfg.SURVEY_PORT,
    host: cfg.SURVEY_HOST,
    trustProxy: cfg.SURVEY_TRUST_PROXY,
  }),
});
