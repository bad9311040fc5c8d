import type { MessengerPersonInput } from './messenger-person.js';
import type { MessengerWebhookBehaviour } from './webhook-delivery.js';

/** What the fake does after it accepts a send. */
export interface MessengerSendBehaviour {
  /** Wait this long between storing a message and answering the send (a crash lands here). */
  delayMs?: number;
  /** POST an echo (`is_echo`) of each message sent, as with the `message_echoes` field. Default true. */
  echoes?: boolean;
  /** POST a delivery event (Messenger only: Instagram sends none) for each message. Default true. */
  autoDeliver?: boolean;
  /** POST a read event for each message, as if the person opened it at once. Default false. */
  autoRead?: boolean;
}

/** How to start a {@link FakeMessenger}. */
export interface FakeMessengerOptions {
  /** The Facebook Page's id. Default: a random numeric id. */
  pageId?: string;
  /** The Page access token API requests must carry. Default: a random one. */
  pageToken?: string;
  /** The app secret webhooks are signed with. Default: a random one. */
  appSecret?: string;
  /** The verify token the GET handshake sends. Default: a random one. */
  verifyToken?: string;
  /** The Instagram professional account connected to the Page. Default: a random numeric id. */
  instagramId?: string;
  /** Port on 127.0.0.1. Default 0: a free one, read it from `fake.url`. */
  port?: number;
  /** Where webhooks go (the plugin's `…/messenger/webhook`); also `subscribe(url)`. */
  webhookUrl?: string;
  /** The app was granted the Human Agent permission: HUMAN_AGENT replies up to 7 days. Default false. */
  humanAgent?: boolean;
  /** People known from the start. */
  people?: readonly MessengerPersonInput[];
  send?: MessengerSendBehaviour;
  webhooks?: MessengerWebhookBehaviour;
}
