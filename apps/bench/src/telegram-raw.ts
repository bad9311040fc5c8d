/**
 * Telegram's part of the raw baselines of `pnpm bench:social` (social-raw.ts). The webhook: the
 * secret token compared in constant time, a private chat's message read as the plugin reads it
 * (chat id, name, `telegram:<chat>:<message_id>`, date, text, reply); no key-value look-up of the
 * chat's identity (the plugin's, for groups that became supergroups). Sends: the plugin's own
 * TelegramClient (plugins/telegram/dist/bot-api/telegram-client.js), built from the plugin's
 * settings, its sendMessage as the plugin calls it for a one-part reply.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { loadPluginConfig, type PluginDefinition } from '@casehub/plugin-sdk';
import { loadPluginExport } from './built.js';
import { setting, type SocialRaw } from './social-raw.js';
import { SOCIAL_PROVIDERS } from './social-providers.js';

/** What Telegram posts, as far as it is read here. */
interface Update {
  message?: {
    message_id: number;
    date: number;
    chat: { id: number; type: string; first_name?: string; last_name?: string };
    text?: string;
    reply_to_message?: { message_id: number };
  };
}

interface TelegramClient {
  sendMessage(to: { chatId: number; threadId: number | null }, text: string): Promise<unknown>;
}

const digest = (s: string) => createHmac('sha256', 'bench').update(s).digest();
const secret = digest(setting('TELEGRAM_WEBHOOK_SECRET'));

export const raw: SocialRaw = {
  verify: (headers) => {
    const given = headers['x-telegram-bot-api-secret-token'];
    // Digests, so that the comparison takes as long whatever the length given.
    return typeof given === 'string' && timingSafeEqual(secret, digest(given));
  },
  messages: (payload) => {
    const m = (payload as Update).message;
    if (!m || m.chat.type !== 'private' || m.text === undefined) return [];
    const name = [m.chat.first_name, m.chat.last_name].filter(Boolean).join(' ') || null;
    return [
      {
        channel: 'social',
        from: { kind: 'social', value: `telegram:${m.chat.id}`, name },
        providerMessageId: `telegram:${m.chat.id}:${m.message_id}`,
        receivedAt: new Date(m.date * 1000).toISOString(),
        body: m.text,
        threading: m.reply_to_message
          ? { inReplyTo: `telegram:${m.chat.id}:${m.reply_to_message.message_id}` }
          : {},
      },
    ];
  },
  answer: { contentType: 'application/json', body: '{}' },
  sender: async () => {
    const provider = SOCIAL_PROVIDERS.telegram;
    const definition = await loadPluginExport<PluginDefinition<unknown>>(
      provider.name,
      provider.definition,
    );
    const Client = await loadPluginExport<new (cfg: unknown) => TelegramClient>(provider.name, {
      file: 'dist/bot-api/telegram-client.js',
      export: 'TelegramClient',
    });
    const client = new Client(await loadPluginConfig(definition, process.env));
    return ({ to, text }) => client.sendMessage({ chatId: Number(to), threadId: null }, text);
  },
};
