import { createHash } from 'node:crypto';
import type { WhatsAppCustomerMedia, WhatsAppCustomerMessage } from './customer-message.js';
import { newWamid } from './ids.js';
import { storeMedia } from './media-store.js';
import { messagePayload } from './webhook-payloads.js';
import type { WhatsAppState } from './whatsapp-state.js';

const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaInput = WhatsAppCustomerMedia & { voice?: boolean; animated?: boolean };

/**
 * The webhook of a customer's message, as Meta sends it: media kept behind a media id (the
 * plugin downloads it with the token), a reply's `context`, the profile name in `contacts[]`.
 * A genuine message (`opens: true`) opens the customer's 24-hour window from `at`.
 */
export function inboundPayload(
  state: WhatsAppState,
  message: WhatsAppCustomerMessage,
  opens: boolean,
): { id: string; mediaId: string | null; payload: unknown } {
  if (!message.waId && !message.userId)
    throw new Error('FakeWhatsApp: a customer message needs a waId or a userId');
  const at = (message.at ?? new Date()).getTime();
  const from = { waId: message.waId ?? null, userId: message.userId ?? null };
  if (opens) {
    const customer = state.customerOrNew(from);
    if (message.name) customer.name = message.name;
    customer.lastMessageAt = Math.max(customer.lastMessageAt ?? 0, at);
  }
  const id = newWamid();
  let mediaId: string | null = null;
  const body: Record<string, unknown> = { id, timestamp: String(Math.floor(at / 1000)) };
  if (message.replyTo) body.context = { from: state.displayPhoneNumber, id: message.replyTo };

  if ('text' in message) {
    Object.assign(body, { type: 'text', text: { body: message.text } });
  } else if ('location' in message) {
    Object.assign(body, { type: 'location', location: { ...message.location } });
  } else if ('contacts' in message) {
    Object.assign(body, {
      type: 'contacts',
      contacts: message.contacts.map((c) => ({
        name: { formatted_name: c.name, first_name: c.name.split(' ')[0] },
        ...(c.phones?.length ? { phones: c.phones.map((phone) => ({ phone, type: 'CELL' })) } : {}),
        ...(c.emails?.length ? { emails: c.emails.map((email) => ({ email, type: 'WORK' })) } : {}),
        ...(c.company ? { org: { company: c.company } } : {}),
      })),
    });
  } else {
    const kind = MEDIA_KINDS.find((k) => k in message)!;
    const media = (message as unknown as Record<string, MediaInput>)[kind];
    const bytes = Buffer.from(media.bytes);
    const stored = storeMedia(state, bytes, media.mimeType, media.filename ?? null);
    mediaId = stored.id;
    Object.assign(body, {
      type: kind,
      [kind]: {
        ...(media.caption !== undefined ? { caption: media.caption } : {}),
        ...(kind === 'document' && media.filename ? { filename: media.filename } : {}),
        ...(kind === 'audio' ? { voice: media.voice ?? false } : {}),
        ...(kind === 'sticker' ? { animated: media.animated ?? false } : {}),
        mime_type: media.mimeType,
        sha256: createHash('sha256').update(bytes).digest('base64'),
        id: stored.id,
      },
    });
  }
  const name = message.name ?? state.customer(from)?.name ?? null;
  return { id, mediaId, payload: messagePayload(state, { ...from, name }, body) };
}
