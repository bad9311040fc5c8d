/**
 * The social plugins `pnpm bench:social` knows (BENCH_SOCIAL_PLUGINS), each with its provider's
 * fake and its part of the raw baselines. Adding one: a fake process around the provider's fake
 * (fake-whatsapp-process.ts is the model: an adapter for social-fake.ts), a raw module (as
 * whatsapp-raw.ts: the webhook's check and reading, the plugin's own client for sends) and an
 * entry here. The orchestrator, the runs, the checks and the report are the same for every one.
 */
import type { BuiltExport } from './built.js';

export interface SocialProvider {
  /** The plugin's directory under plugins/ (and its BENCH_SOCIAL_PLUGINS name). */
  name: string;
  /** The platform of its contacts' handles (`whatsapp:<wa_id>`). */
  platform: string;
  /** For the summary: the fake, and what the raw baselines do. */
  fakeLabel: string;
  rawIntakeLabel: string;
  rawSenderLabel: string;
  /** Child script next to this file: the provider's fake (social-fake.ts's protocol). */
  fakeScript: string;
  /** Module next to this file that the raw children load (social-raw.ts's SocialRaw). */
  rawModule: string;
  /** Where the plugin serves the provider's webhook (and the raw handler, the same path). */
  webhookPath: string;
  /** The plugin's definition and module in its dist/, as `createPluginApp` takes them. */
  definition: BuiltExport;
  module: BuiltExport;
  /** For the summary: what the fake does with status webhooks, per BENCH_SOCIAL_CALLBACKS. */
  callbacksLabel: { off: string; plugin: string };
  /** With status webhooks to the plugin: each reply's last status, and its reports in the stream. */
  callbackStatus: 'sent' | 'delivered';
  reportsWithCallbacks: number;
  /**
   * For a plugin that learns a case's chat from its customer's message (not from the contact's
   * handles on the case): the provider id of customer `id`'s message, which the outbound runs
   * relay as `message.created` before the case's first reply (OutboundSpec.customerMessage).
   */
  customerMessageId?(id: string): string;
  /** The plugin's settings besides NATS: `fakeEnv` is the fake's `info`, `port` a free port. */
  env(fakeEnv: Record<string, string>, port: number): Record<string, string>;
}

/** The plugin's webhook on 127.0.0.1:`port`, as `<PREFIX>_PORT`, `_HOST` and `_PUBLIC_URL` set it. */
const served = (prefix: string, port: number) => ({
  [`${prefix}_PORT`]: String(port),
  [`${prefix}_HOST`]: '127.0.0.1',
  [`${prefix}_PUBLIC_URL`]: `http://127.0.0.1:${port}`,
});

export const SOCIAL_PROVIDERS: Record<string, SocialProvider> = {
  whatsapp: {
    name: 'whatsapp',
    platform: 'whatsapp',
    fakeLabel: 'FakeWhatsApp (packages/provider-fakes)',
    rawIntakeLabel: 'node:http, X-Hub-Signature-256, InboundPublisher',
    rawSenderLabel: "the plugin's GraphClient.send (fetch)",
    fakeScript: 'fake-whatsapp-process.js',
    rawModule: 'whatsapp-raw.js',
    webhookPath: '/whatsapp/webhook',
    definition: { file: 'dist/whatsapp.plugin.js', export: 'whatsappPlugin' },
    module: { file: 'dist/whatsapp.module.js', export: 'WhatsAppModule' },
    callbacksLabel: {
      off: "status webhooks answered in the fake's process",
      plugin: "status webhooks (sent, delivered; no read receipts) to the plugin's webhook",
    },
    // `sent` from the send (the `sent` webhook does not move it), `delivered` from its webhook.
    callbackStatus: 'delivered',
    reportsWithCallbacks: 2,
    env: (fakeEnv, port) => ({
      ...fakeEnv, // WHATSAPP_API_URL, _TOKEN, _APP_SECRET, _PHONE_NUMBER_ID, _VERIFY_TOKEN
      ...served('WHATSAPP', port),
    }),
  },
  messenger: {
    name: 'messenger',
    platform: 'messenger',
    fakeLabel: 'FakeMessenger (packages/provider-fakes)',
    rawIntakeLabel: 'node:http, X-Hub-Signature-256, InboundPublisher',
    rawSenderLabel: "the plugin's GraphClient.send (fetch)",
    fakeScript: 'fake-messenger-process.js',
    rawModule: 'messenger-raw.js',
    webhookPath: '/messenger/webhook',
    definition: { file: 'dist/messenger.plugin.js', export: 'messengerPlugin' },
    module: { file: 'dist/messenger.module.js', export: 'MessengerModule' },
    callbacksLabel: {
      off: "echoes and delivery webhooks answered in the fake's process",
      plugin: "echoes and delivery webhooks to the plugin's webhook",
    },
    callbackStatus: 'delivered',
    reportsWithCallbacks: 2,
    env: (fakeEnv, port) => ({
      ...fakeEnv, // MESSENGER_API_URL, _PAGE_ID, _PAGE_TOKEN, _APP_SECRET, _VERIFY_TOKEN
      ...served('MESSENGER', port),
    }),
  },
  telegram: {
    name: 'telegram',
    platform: 'telegram',
    fakeLabel: 'FakeTelegram (packages/provider-fakes)',
    rawIntakeLabel: 'node:http, X-Telegram-Bot-Api-Secret-Token, InboundPublisher',
    rawSenderLabel: "the plugin's TelegramClient.sendMessage (fetch)",
    fakeScript: 'fake-telegram-process.js',
    rawModule: 'telegram-raw.js',
    webhookPath: '/telegram/webhook',
    definition: { file: 'dist/telegram.plugin.js', export: 'telegramPlugin' },
    module: { file: 'dist/telegram.module.js', export: 'TelegramModule' },
    callbacksLabel: {
      off: 'no status webhooks (the Bot API has none)',
      plugin: 'no status webhooks (the Bot API has none)',
    },
    callbackStatus: 'sent',
    reportsWithCallbacks: 1,
    // CaseTargets asks the core for the contact's identities when the case's chat is unknown;
    // no core runs here, so each case's customer message comes first, as the relay sends it.
    customerMessageId: (chat) => `telegram:${chat}:1`,
    env: (fakeEnv, port) => ({
      ...fakeEnv, // TELEGRAM_API_URL, _BOT_TOKEN, _WEBHOOK_SECRET, _MODE
      ...served('TELEGRAM', port),
    }),
  },
};
