import { describe, expect, it } from 'vitest';
import { messageContent } from './message-content.js';

describe('what a customer’s WhatsApp message says for the case', () => {
  it('keeps text as written, non-ASCII included', () => {
    expect(messageContent({ type: 'text', text: { body: 'Grüße — 你好 👋' } })).toEqual({
      kind: 'message',
      text: 'Grüße — 你好 👋',
      media: null,
    });
  });

  it('names media by id with its caption, a document with its file name', () => {
    expect(
      messageContent({
        type: 'document',
        document: {
          id: '123',
          mime_type: 'application/pdf',
          filename: 'invoice.pdf',
          caption: 'Here',
        },
      }),
    ).toEqual({
      kind: 'message',
      text: 'Here',
      media: { kind: 'document', id: '123', mimeType: 'application/pdf', filename: 'invoice.pdf' },
    });
    expect(
      messageContent({ type: 'sticker', sticker: { id: '9', mime_type: 'image/webp' } }),
    ).toMatchObject({
      text: '',
      media: { kind: 'sticker', id: '9' },
    });
  });

  it('writes a location and contact cards as text', () => {
    expect(
      messageContent({
        type: 'location',
        location: {
          latitude: 52.52,
          longitude: 13.405,
          name: 'Café Einstein',
          address: 'Unter den Linden 42',
        },
      }),
    ).toMatchObject({ text: 'Location: Café Einstein, Unter den Linden 42 geo:52.52,13.405' });
    expect(
      messageContent({
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'Ann Lee' },
            phones: [{ phone: '+1 555 0100' }],
            emails: [{ email: 'ann@example.com' }],
          },
          { name: { formatted_name: 'Bo' }, org: { company: 'Acme' } },
        ],
      }),
    ).toMatchObject({
      text: 'Contact card: Ann Lee, +1 555 0100, ann@example.com\nContact card: Bo, Acme',
    });
  });

  it('takes a button or list choice by its title, and passes over reactions', () => {
    expect(messageContent({ type: 'button', button: { text: 'Yes, call me' } })).toMatchObject({
      text: 'Yes, call me',
    });
    expect(
      messageContent({
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { title: 'Billing' } },
      }),
    ).toMatchObject({ text: 'Billing' });
    expect(messageContent({ type: 'reaction', reaction: { emoji: '👍' } }).kind).toBe('ignored');
  });

  it('tells the agent about a message WhatsApp cannot pass on', () => {
    expect(
      messageContent({
        type: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown' }],
      }),
    ).toMatchObject({
      text: '[a message WhatsApp does not pass on (unsupported): Message type unknown]',
    });
  });
});
