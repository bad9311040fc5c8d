export { FakeWhatsApp, type WhatsAppCustomerRef } from './fake-whatsapp.js';
export type { FakeWhatsAppOptions } from './fake-whatsapp-options.js';
export type { FakeWhatsAppTemplate } from './fake-template.js';
export type {
  WhatsAppContactCard,
  WhatsAppCustomerContent,
  WhatsAppCustomerMedia,
  WhatsAppCustomerMessage,
  WhatsAppInboundResult,
} from './customer-message.js';
export type { WhatsAppHandshakeResult } from './verify-webhook.js';
export type { WhatsAppInjectedFailure } from './injected-failure.js';
export type { WhatsAppMessageStatus, WhatsAppSentMessage } from './sent-message.js';
export type { WhatsAppRecordedRequest } from './recorded-request.js';
export type { WhatsAppWebhookBehaviour } from './webhook-behaviour.js';
export type { WhatsAppWebhookDelivery } from './webhook-delivery.js';
