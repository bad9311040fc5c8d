import { runPlugin } from '@casehub/plugin-sdk';
import { surveyPlugin } from './survey.plugin.js';
import { SurveyModule } from './survey.module.js';

// Exits 78 naming the variable when a setting is wrong; serves the survey pages on SURVEY_PORT.
await runPlugin(surveyPlugin, SurveyModule);
