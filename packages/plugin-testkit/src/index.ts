export {
  TestHub,
  startTestHub,
  type TestHubOptions,
  type StartPluginOptions,
  type DeadLetterWithEvent,
} from './test-hub.js';
export { resolveCoreEntry } from './core-process.js';
