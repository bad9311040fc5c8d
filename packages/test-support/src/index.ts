export { eventually } from './eventually.js';
export { testStream, TEST_NATS_URL, type TestStream, type DeadLetterSeen } from './test-stream.js';
export {
  startDovecot,
  DEFAULT_IMAP_USER,
  DEFAULT_IMAP_PASSWORD,
  type Dovecot,
  type DovecotOptions,
  type StoredMessage,
} from './dovecot.js';
export {
  startSmtpSink,
  type SmtpSink,
  type SmtpSinkOptions,
  type SmtpReply,
  type ReceivedMail,
} from './smtp-sink.js';
export { freePort } from './net.js';
