import type { FileRef, Message } from '../bot-api/bot-api-types.js';

/** The one file a message carries, with what to call it. */
export interface MessageMedia {
  fileId: string;
  /** Stable across bots and time: names the stored object. */
  fileUniqueId: string;
  size: number | null;
  filename: string;
  contentType: string;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'application/pdf': 'pdf',
  'application/x-tgsticker': 'tgs',
};

/**
 * The file to keep of a message: a photo's largest size (Telegram lists them smallest first),
 * a document, audio, voice note, video, video note, animation or sticker. Null without one.
 */
export function messageMedia(m: Message): MessageMedia | null {
  const base = `telegram-${m.message_id}`;
  const make = (f: FileRef, contentType: string, filename?: string): MessageMedia => {
    const type = contentType.toLowerCase();
    const ext = EXTENSIONS[type] ?? /^[a-z]+\/([a-z0-9]{1,8})$/.exec(type)?.[1] ?? 'bin';
    return {
      fileId: f.file_id,
      fileUniqueId: f.file_unique_id,
      size: f.file_size ?? null,
      filename: filename?.trim() || `${base}.${ext}`,
      contentType: type,
    };
  };
  if (m.photo?.length) {
    const largest = [...m.photo].sort(
      (a, b) => (a.file_size ?? a.width * a.height) - (b.file_size ?? b.width * b.height),
    )[m.photo.length - 1];
    return make(largest, 'image/jpeg');
  }
  if (m.document)
    return make(
      m.document,
      m.document.mime_type ?? 'application/octet-stream',
      m.document.file_name,
    );
  if (m.audio) return make(m.audio, m.audio.mime_type ?? 'audio/mpeg', m.audio.file_name);
  if (m.voice) return make(m.voice, m.voice.mime_type ?? 'audio/ogg');
  if (m.video) return make(m.video, m.video.mime_type ?? 'video/mp4', m.video.file_name);
  if (m.video_note) return make(m.video_note, 'video/mp4');
  if (m.animation)
    return make(m.animation, m.animation.mime_type ?? 'video/mp4', m.animation.file_name);
  if (m.sticker) {
    const s = m.sticker;
    return make(
      s,
      s.is_animated ? 'application/x-tgsticker' : s.is_video ? 'video/webm' : 'image/webp',
    );
  }
  return null;
}
