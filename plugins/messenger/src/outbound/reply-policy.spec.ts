import { describe, expect, it } from 'vitest';
import { replyPolicy, type ReplyContext } from './reply-policy.js';

const now = new Date('2026-12-07T12:00:00Z');
const wrote = (hoursAgo: number | null, more: Partial<ReplyContext> = {}) =>
  replyPolicy({
    lastCustomerMessageAt:
      hoursAgo === null ? null : new Date(now.getTime() - hoursAgo * 3_600_000),
    now,
    author: 'human',
    humanAgentGranted: true,
    ...more,
  });

describe('which messaging type a message goes with', () => {
  it('answers within 24 hours as RESPONSE, whoever wrote it', () => {
    expect(wrote(23.9)).toEqual({ kind: 'send', messagingType: 'RESPONSE', tag: null });
    expect(wrote(24, { author: 'automatic', humanAgentGranted: false }).kind).toBe('send');
  });

  it('tags a human agent’s reply HUMAN_AGENT from 24 hours to 7 days, with the permission', () => {
    expect(wrote(24.1)).toEqual({ kind: 'send', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(wrote(7 * 24)).toMatchObject({ tag: 'HUMAN_AGENT' });
  });

  it('never tags an automatic message, nor without the permission', () => {
    expect(wrote(30, { author: 'automatic' })).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(
        /^window closed: the person last wrote 30 hours ago.*never an automatic/,
      ),
    });
    expect(wrote(30, { humanAgentGranted: false })).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(/Human Agent permission \(MESSENGER_HUMAN_AGENT=true/),
    });
  });

  it('refuses after 7 days, and to someone who never wrote', () => {
    expect(wrote(7 * 24 + 1)).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(/last wrote 7 days ago; Meta allows no reply more than 7 days/),
    });
    expect(wrote(null).kind).toBe('refused');
  });
});
