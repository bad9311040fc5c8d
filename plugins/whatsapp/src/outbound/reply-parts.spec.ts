import { describe, expect, it } from 'vitest';
import { MAX_TEXT, replyParts } from './reply-parts.js';
import { contentOf, templateContent } from './outbound-part.js';
import { splitText } from '@casehub/channel-kit';

const file = (filename: string, contentType: string) => ({
  filename,
  contentType,
  size: 10,
  url: `nats-object://files/${filename}`,
});

describe('a reply as WhatsApp messages', () => {
  it('sends the words first, then each attachment as the kind WhatsApp plays it', () => {
    const parts = replyParts('  Here you go  ', [
      file('photo.jpg', 'image/jpeg'),
      file('clip.mp4', 'video/mp4; codecs=avc1'),
      file('note.ogg', 'audio/ogg'),
      file('invoice.pdf', 'application/pdf'),
      file('scan.heic', 'image/heic'), // not an image WhatsApp shows: a document
    ]);
    expect(parts.map((p) => p.type)).toEqual([
      'text',
      'image',
      'video',
      'audio',
      'document',
      'document',
    ]);
    expect(parts[0]).toEqual({ type: 'text', text: 'Here you go' });
    expect(parts[2]).toMatchObject({ attachment: 1, mimeType: 'video/mp4', mediaId: null });
  });

  it('sends attachments alone when there are no words, and nothing for an empty reply', () => {
    expect(replyParts(' ', [file('a.pdf', 'application/pdf')]).map((p) => p.type)).toEqual([
      'document',
    ]);
    expect(replyParts('', [])).toEqual([]);
  });

  it('splits a text over 4,096 characters at whitespace, nothing lost', () => {
    const words = Array.from({ length: 1200 }, (_, i) => `word${i}`);
    const parts = splitText(words.join(' '), MAX_TEXT);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join(' ').split(' ')).toEqual(words);
    expect(splitText(`${'a'.repeat(9)}😀bbb`, 10)).toEqual(['a'.repeat(9), '😀bbb']);
  });

  it('names the uploaded media by id, a document with its file name', () => {
    expect(
      contentOf({
        type: 'document',
        attachment: 0,
        filename: 'a.pdf',
        mimeType: 'application/pdf',
        mediaId: '42',
      }),
    ).toEqual({ type: 'document', document: { id: '42', filename: 'a.pdf' } });
  });
});

describe('template messages', () => {
  it('fills the body parameters in order', () => {
    expect(templateContent('order_update', 'en_US', ['Zoë', '#1042'])).toEqual({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Zoë' },
              { type: 'text', text: '#1042' },
            ],
          },
        ],
      },
    });
  });

  it('sends no components for a template without parameters', () => {
    expect(templateContent('welcome_back', 'de', [])).toEqual({
      type: 'template',
      template: { name: 'welcome_back', language: { code: 'de' } },
    });
  });
});
