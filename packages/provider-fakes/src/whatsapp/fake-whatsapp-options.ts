import type { FakeWhatsAppTemplate } from './fake-template.js';
import type { WhatsAppWebhookBehaviour } from './webhook-behaviour.js';

/** How to start a {@link FakeWhatsApp}. Everything can also be changed on the running fake. */
export interface FakeWhatsAppOptions {
  /** Tokens Graph accepts (system user or permanent tokens). Default: one random token. */
  accessTokens?: readonly string[];
  /** The app secret webhooks are signed with (`X-Hub-Signature-256`). Default: random. */
  appSecret?: string;
  /** The business phone number's id: `POST /{version}/{id}/messages`. Default `106540352242922`. */
  phoneNumberId?: string;
  /** The number customers see, digits only. Default `15550783881`. */
  displayPhoneNumber?: string;
  /** The WhatsApp Business Account (WABA) id: `GET /{version}/{id}/message_templates`. Default `102290129340398`. */
  businessAccountId?: string;
  /** Where the fake posts webhooks (the plugin's callback URL). Settable later with `setWebhook`. */
  webhookUrl?: string;
  /** The business account's templates. */
  templates?: readonly FakeWhatsAppTemplate[];
  /** Customers who have read receipts on get a `read` status after `delivered`. Default true. */
  readReceipts?: boolean;
  /** How webhooks travel. Default: once each, in order, retried when not answered 200. */
  webhooks?: WhatsAppWebhookBehaviour;
  /** Port on 127.0.0.1. Default 0: a free port, read it from `fake.url`. */
  port?: number;
}
