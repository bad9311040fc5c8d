export { eventually } from './eventually.js';
export { testStream, TEST_NATS_URL, type TestStream, type DeadLetterSeen } from './test-stream.js';
