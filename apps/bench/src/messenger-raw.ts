/**
 * Messenger's part of the raw baselines of `pnpm bench:social` (social-raw.ts). The webhook: the
 * signature checked over the raw bytes, the people's messages to the plugin's Page read as the
 * plugin reads them (PSID, mid, time, text, reply), echoes passed over; no profile look-up (the
 * name stays null: the plugin asks the User Profile API once per person and keeps the answer).
 * Sends: the plugin's own GraphClient (plugins/messenger/dist/graph/graph-client.js), built from
 * the plugin's settings, with the request the plugin makes for a one-part text reply.
 */
import { loadPluginConfig, type PluginDefinition } from '@casehub/plugin-sdk';
import { loadPluginExport } from './built.js';
import { metaSignatureValid, setting, type SocialRaw } from './social-raw.js';
import { SOCIAL_PROVIDERS } from './social-providers.js';

/** What Meta posts for a Page, as far as it is read here. */
interface Payload {
  object?: string;
  entry?: {
    id?: string;
    messaging?: {
      sender: { id: string };
      timestamp?: number;
      message?: { mid: string; text?: string; is_echo?: boolean; reply_to?: { mid?: string } };
    }[];
  }[];
}

interface GraphClient {
  send(req: object): Promise<string>;
}

const appSecret = setting('MESSENGER_APP_SECRET');
const pageId = setting('MESSENGER_PAGE_ID');

export const raw: SocialRaw = {
  verify: (headers, body) => metaSignatureValid(appSecret, body, headers['x-hub-signature-256']),
  messages: (payload) => {
    const p = payload as Payload;
    if (p.object !== 'page') return [];
    return (p.entry ?? [])
      .filter((entry) => entry.id === pageId)
      .flatMap((entry) => entry.messaging ?? [])
      .flatMap(({ sender, timestamp, message: m }) =>
        !m || m.is_echo
          ? []
          : [
              {
                channel: 'social' as const,
                from: { kind: 'social' as const, value: `messenger:${sender.id}`, name: null },
                providerMessageId: m.mid,
                receivedAt: new Date(timestamp ?? Date.now()).toISOString(),
                body: m.text ?? '',
                threading: m.reply_to?.mid ? { inReplyTo: m.reply_to.mid } : {},
              },
            ],
      );
  },
  answer: { contentType: 'text/plain; charset=utf-8', body: 'EVENT_RECEIVED' },
  sender: async () => {
    const provider = SOCIAL_PROVIDERS.messenger;
    const definition = await loadPluginExport<PluginDefinition<unknown>>(
      provider.name,
      provider.definition,
    );
    const Client = await loadPluginExport<new (cfg: unknown) => GraphClient>(provider.name, {
      file: 'dist/graph/graph-client.js',
      export: 'GraphClient',
    });
    const client = new Client(await loadPluginConfig(definition, process.env));
    return ({ to, text }) =>
      client.send({
        recipient: { platform: 'messenger', id: to },
        messagingType: 'RESPONSE',
        tag: null,
        content: { kind: 'text', text },
      });
  },
};
