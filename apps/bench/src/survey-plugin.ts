/**
 * Child process: the survey plugin (plugins/survey, built) as `casehub start` runs it, one process
 * of its own: createPluginApp with the plugin's definition and module, settings from the
 * environment (NATS_STREAM, NATS_SUBJECT_PREFIX, SURVEY_PUBLIC_URL, SURVEY_PORT, SURVEY_SECRET,
 * the raised rate limits …). Its pages serve the load generator; its consumer of `case.resolved`
 * waits idle, as no core runs.
 *
 * Requests: `stop`.
 */
import 'reflect-metadata';
import { createPluginApp } from '@casehub/plugin-sdk';
import { surveyPlugin } from '@casehub/plugin-survey/dist/survey.plugin.js';
import { SurveyModule } from '@casehub/plugin-survey/dist/survey.module.js';
import { serve } from './ipc.js';

const app = await createPluginApp(surveyPlugin, SurveyModule, { logger: ['error', 'warn'] });

serve({
  stop: async () => {
    await app.close();
    setTimeout(() => process.exit(0), 10);
  },
});
