import { describe, expect, it } from 'vitest';
import { inboundContent } from './inbound-content.js';

describe('what a person’s message says', () => {
  it('keeps the words as they are, accents and emoji included', () => {
    expect(inboundContent({ mid: 'm_1', text: 'Ça marche pas 😕' })).toEqual({
      body: 'Ça marche pas 😕',
      files: [],
    });
  });

  it('turns a shared location into a line with a map link', () => {
    const content = inboundContent({
      mid: 'm_2',
      attachments: [
        {
          type: 'location',
          title: 'Pinned Location',
          payload: { coordinates: { lat: 48.8584, long: 2.2945 } },
        },
      ],
    });
    expect(content.body).toBe(
      'Location: (48.8584, 2.2945) https://www.google.com/maps?q=48.8584,2.2945',
    );
  });

  it('fetches pictures, files and stickers; links shared posts', () => {
    const content = inboundContent({
      mid: 'm_3',
      text: 'See these',
      attachments: [
        { type: 'image', payload: { url: 'https://cdn.example/a.jpg' } },
        { type: 'file', payload: { url: 'https://cdn.example/b.pdf' } },
        {
          type: 'image',
          payload: { url: 'https://cdn.example/s.png', sticker_id: 369239263222822 },
        },
        {
          type: 'ig_reel',
          payload: { url: 'https://www.instagram.com/reel/x', title: 'Our new shop' },
        },
      ],
    });
    expect(content.files).toEqual([
      { url: 'https://cdn.example/a.jpg', type: 'image', stickerId: null },
      { url: 'https://cdn.example/b.pdf', type: 'file', stickerId: null },
      { url: 'https://cdn.example/s.png', type: 'image', stickerId: 369239263222822 },
    ]);
    expect(content.body).toBe(
      'See these\nShared ig reel: Our new shop https://www.instagram.com/reel/x',
    );
  });
});
