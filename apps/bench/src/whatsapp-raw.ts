/**
 * WhatsApp's part of the raw baselines of `pnpm bench:social` (social-raw.ts). The webhook: the
 * signature checked over the raw bytes, the customers' messages of the plugin's phone number read
 * as the plugin reads them (sender, profile name, wamid, time, text, reply context). Sends: the
 * plugin's own GraphClient (plugins/whatsapp/dist/graph/graph-client.js), built from the plugin's
 * settings, with the request the plugin makes for a one-part text reply.
 */
import { loadPluginConfig, type PluginDefinition } from '@casehub/plugin-sdk';
import { loadPluginExport } from './built.js';
import { metaSignatureValid, setting, type SocialRaw } from './social-raw.js';
import { SOCIAL_PROVIDERS } from './social-providers.js';

/** What Meta posts, as far as it is read here. */
interface Payload {
  entry?: {
    changes?: {
      field?: string;
      value?: {
        metadata?: { phone_number_id?: string };
        contacts?: { wa_id?: string; profile?: { name?: string } }[];
        messages?: {
          id: string;
          from: string;
          timestamp: string;
          text?: { body?: string };
          context?: { id?: string };
        }[];
      };
    }[];
  }[];
}

interface GraphClient {
  send(message: object): Promise<string>;
}

const appSecret = setting('WHATSAPP_APP_SECRET');
const phoneNumberId = setting('WHATSAPP_PHONE_NUMBER_ID');

export const raw: SocialRaw = {
  verify: (headers, body) => metaSignatureValid(appSecret, body, headers['x-hub-signature-256']),
  messages: (payload) =>
    ((payload as Payload).entry ?? []).flatMap((entry) =>
      (entry.changes ?? []).flatMap(({ field, value }) =>
        field !== 'messages' || value?.metadata?.phone_number_id !== phoneNumberId
          ? []
          : (value.messages ?? []).map((m) => ({
              channel: 'social' as const,
              from: {
                kind: 'social' as const,
                value: `whatsapp:${m.from}`,
                name: value.contacts?.find((c) => c.wa_id === m.from)?.profile?.name ?? null,
              },
              providerMessageId: m.id,
              receivedAt: new Date(Number(m.timestamp) * 1000).toISOString(),
              body: m.text?.body ?? '',
              threading: m.context?.id ? { inReplyTo: m.context.id } : {},
            })),
      ),
    ),
  answer: { contentType: 'text/plain; charset=utf-8', body: 'EVENT_RECEIVED' },
  sender: async () => {
    const provider = SOCIAL_PROVIDERS.whatsapp;
    const definition = await loadPluginExport<PluginDefinition<unknown>>(
      provider.name,
      provider.definition,
    );
    const Client = await loadPluginExport<new (cfg: unknown) => GraphClient>(provider.name, {
      file: 'dist/graph/graph-client.js',
      export: 'GraphClient',
    });
    const client = new Client(await loadPluginConfig(definition, process.env));
    return ({ to, text, id }) =>
      client.send({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'text',
        text: { body: text },
        biz_opaque_callback_data: `reply.${id}.0`,
      });
  },
};
