import { describe, expect, it } from 'vitest';
import { twiml } from './twiml.js';

describe('TwiML answers', () => {
  it('answers nothing with an empty Response', () => {
    expect(twiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('escapes the message it sends back', () => {
    expect(twiml('Q&A <here> "now"')).toContain(
      '<Response><Message>Q&amp;A &lt;here&gt; &quot;now&quot;</Message></Response>',
    );
  });
});
