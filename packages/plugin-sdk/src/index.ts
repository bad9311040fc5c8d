export { JetStreamTransport } from './jetstream.server.js';
export { JetStreamContext } from './jetstream.context.js';
export type { JetStreamTransportOptions } from './jetstream.options.js';
export { OnCaseEvent } from './case-event.decorator.js';
export { PluginErrorFilter } from './plugin-error.filter.js';
export { PermanentFailure } from './permanent-failure.js';
export { RegistrationRefused, type ManifestInput } from './registration.js';
export { DEAD_LETTER_HEADERS, deadLetterStream, deadLetterSubject } from './dead-letter.js';
export {
  InboundPublisher,
  type InboundMessageInput,
  type InboundDeliveryInput,
} from './inbound-publisher.js';
