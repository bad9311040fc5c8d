// Names that other fakes could also use carry "Telegram": the package exports every fake at once.
export {
  FakeTelegram,
  type CustomerUpdate as TelegramCustomerUpdate,
  type Silently as TelegramSilently,
} from './fake-telegram.js';
export type { FakeTelegramOptions } from './fake-telegram-options.js';
export type {
  CustomerMessage as TelegramCustomerMessage,
  PhotoSizeInput as TelegramPhotoSizeInput,
} from './customer-message.js';
export type { FloodLimits as TelegramFloodLimits } from './flood-control.js';
export type {
  Stall as TelegramStall,
  StallFilter as TelegramStallFilter,
} from './held-requests.js';
export type { InjectedFailure as TelegramInjectedFailure } from './injected-failure.js';
export type { RecordedRequest as TelegramRecordedRequest } from './recorded-request.js';
export type { SentTelegramMessage } from './sent-telegram-message.js';
export type { WebhookBehaviour as TelegramWebhookBehaviour } from './webhook-behaviour.js';
export type { WebhookDelivery as TelegramWebhookDelivery } from './webhook-delivery.js';
export type * as TelegramBotApi from './bot-api-types.js';
