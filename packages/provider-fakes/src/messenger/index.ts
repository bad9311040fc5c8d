export { FakeMessenger, type MessengerInboundResult } from './fake-messenger.js';
export type { FakeMessengerOptions, MessengerSendBehaviour } from './fake-messenger-options.js';
export type {
  MessengerPerson,
  MessengerPersonInput,
  MessengerPlatform,
} from './messenger-person.js';
export type { MessengerCustomerAttachment, MessengerCustomerMessage } from './customer-message.js';
export type { MessengerMessagingEvent, MessengerPreparedEvent } from './webhook-events.js';
export type {
  MessengerPostOptions,
  MessengerWebhookBehaviour,
  MessengerWebhookDelivery,
} from './webhook-delivery.js';
export type { MessengerSentAttachment, MessengerSentMessage } from './sent-message.js';
export type { MessengerRecordedRequest } from './recorded-request.js';
export type { MessengerInjectedFailure } from './injected-failure.js';
export type { MessengerGraphErrorBody } from './graph-error.js';
export type { MessengerHandshakeResult } from './handshake.js';
