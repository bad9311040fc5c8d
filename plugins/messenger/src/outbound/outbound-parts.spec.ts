import { describe, expect, it } from 'vitest';
import { outboundParts } from './outbound-parts.js';

const pdf = {
  filename: 'invoice.pdf',
  contentType: 'application/pdf',
  size: 10,
  url: 'nats-object://files/a',
};

describe('the messages a reply goes as', () => {
  it('sends the words first, then each attachment with its type', () => {
    expect(
      outboundParts('Here you go', [
        pdf,
        { ...pdf, filename: 'p.png', contentType: 'image/png', url: 'https://x.example/p.png' },
      ]),
    ).toEqual({
      parts: [
        { kind: 'text', text: 'Here you go' },
        {
          kind: 'attachment',
          type: 'file',
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          url: 'nats-object://files/a',
        },
        {
          kind: 'attachment',
          type: 'image',
          filename: 'p.png',
          contentType: 'image/png',
          url: 'https://x.example/p.png',
        },
      ],
    });
  });

  it('splits long words into several messages and refuses what cannot go', () => {
    const parts = outboundParts('word '.repeat(1000), []);
    expect('parts' in parts && parts.parts.length).toBe(3);
    expect(outboundParts('  ', [])).toEqual({ refused: 'an empty reply cannot be sent' });
    expect(outboundParts('x', [{ ...pdf, url: undefined }])).toEqual({
      refused: 'the attachment invoice.pdf has no file or http(s) URL to send',
    });
  });
});
