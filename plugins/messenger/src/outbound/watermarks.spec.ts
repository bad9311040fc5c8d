import { describe, expect, it } from 'vitest';
import { markTime, repliesCovered, type SentReply } from './watermarks.js';

const replies: SentReply[] = [
  { messageId: 'a', mids: ['m_a'], at: 1_000 },
  { messageId: 'b', mids: ['m_b1', 'm_b2'], at: 2_000 },
  { messageId: 'c', mids: ['m_c'], at: 3_000 },
];
const ids = (r: SentReply[]) => r.map((x) => x.messageId);

describe('which replies a delivery or read event covers', () => {
  it('covers every reply sent at or before the watermark', () => {
    expect(ids(repliesCovered(replies, { watermark: 2_000 }))).toEqual(['a', 'b']);
    expect(ids(repliesCovered(replies, { watermark: 999 }))).toEqual([]);
  });

  it('covers a reply whose last part is listed in mids, whatever the watermark', () => {
    expect(ids(repliesCovered(replies, { mids: ['m_c'], watermark: 500 }))).toEqual(['c']);
    // Only its first part delivered: the reply is not delivered yet.
    expect(ids(repliesCovered(replies, { mids: ['m_b1'], watermark: 500 }))).toEqual([]);
  });

  it("reads Instagram's seen mid as that reply and every one before it", () => {
    expect(ids(repliesCovered(replies, { mid: 'm_b2' }))).toEqual(['a', 'b']);
    expect(ids(repliesCovered(replies, { mid: 'm_unknown' }))).toEqual([]);
    expect(markTime(replies, { mid: 'm_b2' })).toBe(2_000);
    expect(markTime(replies, { watermark: 2_500 })).toBe(2_500);
    expect(markTime(replies, { mid: 'm_unknown' })).toBeNull();
  });
});
