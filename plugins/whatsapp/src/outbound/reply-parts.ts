import type { AttachmentMeta } from '@casehub/domain';
import type { MediaKind, OutboundPart } from './outbound-part.js';
import { splitText } from '@casehub/channel-kit';

/** The most characters WhatsApp takes in one text message's body. */
export const MAX_TEXT = 4_096;

/** Types WhatsApp plays as images, videos and audio; anything else goes as a document. */
const KIND_OF: Readonly<Record<string, MediaKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'video/mp4': 'video',
  'video/3gpp': 'video',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/ogg': 'audio',
};

/** How a reply goes out as WhatsApp messages: its words first, then each attachment. */
export function replyParts(body: string, attachments: readonly AttachmentMeta[]): OutboundPart[] {
  const parts: OutboundPart[] = body.trim()
    ? splitText(body.trim(), MAX_TEXT).map((text) => ({ type: 'text' as const, text }))
    : [];
  attachments.forEach((a, attachment) => {
    const mimeType = a.contentType.split(';')[0].trim().toLowerCase();
    parts.push({
      type: KIND_OF[mimeType] ?? 'document',
      attachment,
      filename: a.filename,
      mimeType,
      mediaId: null,
    });
  });
  return parts;
}
