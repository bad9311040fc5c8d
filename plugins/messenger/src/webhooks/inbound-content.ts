import type { MetaAttachment, MetaMessage } from './meta-webhook.js';

/** A file a person sent, to download from Meta's CDN. */
export interface InboundFile {
  url: string;
  /** Meta's attachment type: image, video, audio, file. */
  type: string;
  /** For a sticker: its id, which names the file. */
  stickerId: number | null;
}

/** What a message says, as the core keeps it: the words, and the files to fetch. */
export interface InboundContent {
  body: string;
  files: InboundFile[];
}

const FILE_TYPES = new Set(['image', 'video', 'audio', 'file']);

/**
 * The body and files of a person's message: their text; a shared location as a line of text
 * with a map link; shared posts, reels and stories as their link; pictures, videos, audio,
 * files and stickers as files to download.
 */
export function inboundContent(message: MetaMessage): InboundContent {
  const lines: string[] = [];
  if (message.text) lines.push(message.text);
  const files: InboundFile[] = [];
  for (const a of message.attachments ?? []) {
    const url = a.payload?.url ?? null;
    if (FILE_TYPES.has(a.type) && url) {
      files.push({ url, type: a.type, stickerId: a.payload?.sticker_id ?? null });
    } else if (a.type === 'location') {
      lines.push(locationLine(a));
    } else if (url || a.url) {
      lines.push(
        `Shared ${a.type.replace(/_/g, ' ')}: ${a.title ?? a.payload?.title ?? ''} ${url ?? a.url}`.replace(
          / {2,}/g,
          ' ',
        ),
      );
    } else {
      lines.push(`(a ${a.type.replace(/_/g, ' ')} the plugin cannot show)`);
    }
  }
  if (message.is_unsupported)
    lines.push('(a message Instagram could not show: see it in the Instagram app)');
  return { body: lines.join('\n'), files };
}

function locationLine(a: MetaAttachment): string {
  const c = a.payload?.coordinates;
  if (!c) return `Location: ${a.title ?? 'shared'}${a.url ? ` ${a.url}` : ''}`;
  const where = `${c.lat}, ${c.long}`;
  const title = a.title && a.title !== 'Pinned Location' ? `${a.title} ` : '';
  return `Location: ${title}(${where}) https://www.google.com/maps?q=${c.lat},${c.long}`;
}
