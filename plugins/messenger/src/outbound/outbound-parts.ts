import type { AttachmentMeta } from '@casehub/domain';
import type { AttachmentType } from '../graph/graph-client.js';
import type { OutboundPart } from '../state/messenger-state.js';
import { splitText } from '@casehub/channel-kit';

/** The most characters Meta takes in one message's `text`. */
const MAX_TEXT = 2_000;

/**
 * The messages a reply goes as: its words (split past 2,000 characters), then each attachment
 * on its own (Meta takes one per message). An attachment must be a file kept on NATS
 * (`nats-object://`, uploaded with the send) or at an http(s) URL (Meta fetches it).
 */
export function outboundParts(
  body: string,
  attachments: readonly AttachmentMeta[],
): { parts: OutboundPart[] } | { refused: string } {
  const parts: OutboundPart[] = body.trim()
    ? splitText(body, MAX_TEXT).map((text) => ({ kind: 'text', text }))
    : [];
  for (const a of attachments) {
    if (!a.url || !/^(nats-object|https?):\/\//i.test(a.url)) {
      return { refused: `the attachment ${a.filename} has no file or http(s) URL to send` };
    }
    parts.push({
      kind: 'attachment',
      type: attachmentType(a.contentType),
      filename: a.filename,
      contentType: a.contentType,
      url: a.url,
    });
  }
  if (parts.length === 0) return { refused: 'an empty reply cannot be sent' };
  return { parts };
}

/** Meta's attachment type for a content type: image, video, audio, else file. */
export function attachmentType(contentType: string): AttachmentType {
  const major = contentType.split('/')[0].trim().toLowerCase();
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
}
