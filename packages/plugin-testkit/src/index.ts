export {
  TestHub,
  startTestHub,
  type TestHubOptions,
  type StartPluginOptions,
  type StartedPlugin,
  type DeadLetterWithEvent,
} from './test-hub.js';
export { resolveCoreEntry } from './core-process.js';
export { BuiltPlugin, type BuiltPluginOptions } from './built-plugin.js';
export { surveyInvitation, TEST_SURVEY_PAGES } from './survey-invitation.js';
export { BuiltPluginRuns } from './built-plugin-runs.js';
