import type { MessageContent } from '../graph/graph-types.js';

/** A media kind WhatsApp sends a file as. */
export type MediaKind = 'image' | 'video' | 'audio' | 'document';

/**
 * One WhatsApp message of an outbound reply: a reply is its text (in messages of at most 4,096
 * characters), then each attachment as a message of its own; or one template message.
 */
export type OutboundPart =
  | { type: 'text'; text: string }
  | { type: 'template'; name: string; language: string; parameters: string[] }
  | {
      type: MediaKind;
      /** Which of the reply's attachments. */
      attachment: number;
      filename: string;
      mimeType: string;
      /** Set once uploaded: a retry sends the same upload again. */
      mediaId: string | null;
    };

/** The Graph content of a part (a media part once uploaded). */
export function contentOf(part: OutboundPart): MessageContent {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: { body: part.text } };
    case 'template':
      return templateContent(part.name, part.language, part.parameters);
    case 'document':
      return { type: 'document', document: { id: part.mediaId!, filename: part.filename } };
    case 'image':
      return { type: 'image', image: { id: part.mediaId! } };
    case 'video':
      return { type: 'video', video: { id: part.mediaId! } };
    case 'audio':
      return { type: 'audio', audio: { id: part.mediaId! } };
  }
}

/**
 * A template message: its name, its language, and the body's positional parameters in order
 * (`{{1}}` first); no components at all for a template without parameters.
 */
export function templateContent(
  name: string,
  language: string,
  parameters: readonly string[],
): MessageContent {
  return {
    type: 'template',
    template: {
      name,
      language: { code: language },
      ...(parameters.length > 0
        ? {
            components: [
              { type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) },
            ],
          }
        : {}),
    },
  };
}
