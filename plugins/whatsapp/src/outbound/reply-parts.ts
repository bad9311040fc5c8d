import type { AttachmentMeta } from '@casehub/domain';
import type { MediaKind, OutboundPart } from './outbound-part.js';
import { splitText } from './split-text.js';

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
    ? splitText(body.trim()).map((text) => ({ type: 'text' as const, text }))
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
