import { createHash, createHmac } from 'node:crypto';
import { newGraphId } from './ids.js';
import type { StoredMedia, WhatsAppState } from './whatsapp-state.js';

/** The MIME types the Cloud API takes, with its size limits (bytes). */
export const MEDIA_TYPES: Readonly<Record<string, number>> = {
  'audio/aac': 16e6,
  'audio/amr': 16e6,
  'audio/mpeg': 16e6,
  'audio/mp4': 16e6,
  'audio/ogg': 16e6,
  'text/plain': 100e6,
  'application/pdf': 100e6,
  'application/vnd.ms-powerpoint': 100e6,
  'application/msword': 100e6,
  'application/vnd.ms-excel': 100e6,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100e6,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100e6,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100e6,
  'image/jpeg': 5e6,
  'image/png': 5e6,
  'image/webp': 500e3,
  'video/3gpp': 16e6,
  'video/mp4': 16e6,
};

/** How long a media URL works, as Meta's: five minutes. */
const URL_LIFETIME_MS = 5 * 60_000;

/** Keeps a file under a new media id. */
export function storeMedia(
  state: WhatsAppState,
  bytes: Buffer,
  mimeType: string,
  filename: string | null = null,
): StoredMedia {
  const media: StoredMedia = {
    id: newGraphId(),
    mimeType,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    filename,
  };
  state.media.set(media.id, media);
  return media;
}

/**
 * The short-lived URL `GET /{version}/{media-id}` hands out (on the fake's own address, in the
 * shape of Meta's lookaside URLs). It answers only with the bearer token, for five minutes.
 */
export function mediaUrl(state: WhatsAppState, baseUrl: string, media: StoredMedia): string {
  const ext = String(Date.now() + URL_LIFETIME_MS);
  const hash = urlHash(state, media.id, ext);
  return `${baseUrl}/whatsapp_business/attachments/?mid=${media.id}&ext=${ext}&hash=${hash}`;
}

/** The media a download URL names, or why it does not work. */
export function mediaOfUrl(
  state: WhatsAppState,
  url: URL,
): { media: StoredMedia } | { status: 404 | 410 } {
  const mid = url.searchParams.get('mid') ?? '';
  const ext = url.searchParams.get('ext') ?? '';
  const media = state.media.get(mid);
  if (!media || url.searchParams.get('hash') !== urlHash(state, mid, ext)) return { status: 404 };
  if (Number(ext) < Date.now()) return { status: 410 };
  return { media };
}

function urlHash(state: WhatsAppState, id: string, ext: string): string {
  return createHmac('sha256', state.urlSecret).update(`${id}:${ext}`).digest('base64url');
}
