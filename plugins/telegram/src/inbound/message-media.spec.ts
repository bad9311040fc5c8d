import { describe, expect, it } from 'vitest';
import type { Message } from '../bot-api/bot-api-types.js';
import { messageMedia } from './message-media.js';

const msg = (fields: Partial<Message>): Message => ({
  message_id: 7,
  date: 0,
  chat: { id: 1, type: 'private' },
  ...fields,
});
const file = (id: string, size?: number) => ({
  file_id: id,
  file_unique_id: `u-${id}`,
  ...(size ? { file_size: size } : {}),
});

describe("a message's file", () => {
  it("keeps a photo's largest size", () => {
    const photo = [
      { ...file('small', 1_000), width: 90, height: 90 },
      { ...file('large', 90_000), width: 1280, height: 960 },
      { ...file('medium', 20_000), width: 320, height: 240 },
    ];
    expect(messageMedia(msg({ photo }))).toEqual({
      fileId: 'large',
      fileUniqueId: 'u-large',
      size: 90_000,
      filename: 'telegram-7.jpg',
      contentType: 'image/jpeg',
    });
  });

  it('names a document after its file name, a voice note after the message', () => {
    expect(
      messageMedia(
        msg({ document: { ...file('d'), file_name: 'Invoice.PDF', mime_type: 'application/pdf' } }),
      ),
    ).toMatchObject({ filename: 'Invoice.PDF', contentType: 'application/pdf' });
    expect(messageMedia(msg({ voice: { ...file('v'), mime_type: 'audio/ogg' } }))).toMatchObject({
      filename: 'telegram-7.ogg',
      contentType: 'audio/ogg',
    });
  });

  it('tells a still, an animated and a video sticker apart', () => {
    expect(messageMedia(msg({ sticker: file('s') }))?.contentType).toBe('image/webp');
    expect(messageMedia(msg({ sticker: { ...file('s'), is_animated: true } }))?.filename).toBe(
      'telegram-7.tgs',
    );
    expect(messageMedia(msg({ sticker: { ...file('s'), is_video: true } }))?.contentType).toBe(
      'video/webm',
    );
  });

  it('has none for words, places and contacts', () => {
    expect(messageMedia(msg({ text: 'hi' }))).toBeNull();
    expect(messageMedia(msg({ location: { latitude: 1, longitude: 2 } }))).toBeNull();
  });
});
