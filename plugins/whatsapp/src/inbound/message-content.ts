import type { WaMessage } from '../webhooks/webhook-payload.js';

/** A media file of a customer's message, to download by its id. */
export interface MediaRef {
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker';
  id: string;
  mimeType: string | null;
  filename: string | null;
}

/** What a customer's message says for the case: its text, and a media file to keep. */
export type MessageContent =
  { kind: 'message'; text: string; media: MediaRef | null } | { kind: 'ignored'; reason: string };

const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/**
 * The text and media of a customer's message as the case shows it: text as written, media
 * with its caption, a location and shared contact cards as text, buttons and list choices by
 * their title. Reactions and system notices are not messages of the conversation.
 */
export function messageContent(m: WaMessage): MessageContent {
  switch (m.type ?? '') {
    case 'text':
      return m.text?.body
        ? { kind: 'message', text: m.text.body, media: null }
        : { kind: 'ignored', reason: 'an empty text' };
    case 'location':
      return { kind: 'message', text: locationText(m.location ?? {}), media: null };
    case 'contacts':
      return { kind: 'message', text: contactsText(m.contacts ?? []), media: null };
    case 'button':
      return { kind: 'message', text: m.button?.text ?? '', media: null };
    case 'interactive': {
      const choice = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
      const description = m.interactive?.list_reply?.description;
      return choice
        ? { kind: 'message', text: description ? `${choice}: ${description}` : choice, media: null }
        : {
            kind: 'ignored',
            reason: `an interactive ${m.interactive?.type ?? ''} answer without a title`,
          };
    }
    case 'reaction':
      return { kind: 'ignored', reason: `a reaction (${m.reaction?.emoji ?? 'removed'})` };
    case 'system':
      return { kind: 'ignored', reason: 'a system notice' };
    default:
      break; // media, or a type WhatsApp does not pass on
  }
  const kind = MEDIA.find((k) => k === m.type);
  const media = kind ? m[kind] : undefined;
  if (kind && media?.id) {
    return {
      kind: 'message',
      text: media.caption ?? '',
      media: {
        kind,
        id: media.id,
        mimeType: media.mime_type ?? null,
        filename: media.filename ?? null,
      },
    };
  }
  // Meta's "unsupported" (a poll, a view-once message, ...): the agent should know one came.
  const why = m.errors?.[0]?.title;
  return {
    kind: 'message',
    text: `[a message WhatsApp does not pass on (${m.type ?? 'no type'})${why ? `: ${why}` : ''}]`,
    media: null,
  };
}

/** `Location: Café Einstein, Unter den Linden 42 geo:52.52,13.405` (RFC 5870 URI, any map app). */
function locationText(l: NonNullable<WaMessage['location']>): string {
  const place = [l.name, l.address].filter(Boolean).join(', ');
  const geo =
    typeof l.latitude === 'number' && typeof l.longitude === 'number'
      ? `geo:${l.latitude},${l.longitude}`
      : '';
  return ['Location:', place, geo].filter(Boolean).join(' ');
}

/** One line per shared contact card: name, phones, emails, company. */
function contactsText(cards: NonNullable<WaMessage['contacts']>): string {
  if (cards.length === 0) return 'Contact card (empty)';
  return cards
    .map((c) => {
      const fields = [
        c.name?.formatted_name,
        ...(c.phones ?? []).map((p) => p.phone),
        ...(c.emails ?? []).map((e) => e.email),
        c.org?.company,
      ].filter((f): f is string => Boolean(f));
      return `Contact card: ${fields.join(', ') || '(no details)'}`;
    })
    .join('\n');
}
