import { describe, expect, it } from 'vitest';
import {
  decideSurvey,
  sampleRoll,
  type SurveyHistory,
  type SurveyPolicy,
} from './survey-policy.js';

const policy: SurveyPolicy = {
  channels: ['email'],
  excludeChannels: [],
  excludeTags: ['vip-no-survey'],
  samplePercent: 100,
  throttleDays: 30,
};
const fresh: SurveyHistory = {
  caseSurveyed: false,
  contactLastInvitedAt: null,
  contactOptedOut: false,
};
const resolved = {
  status: 'resolved' as const,
  channel: 'email' as const,
  tags: [] as string[],
  contact: { id: 'k1', name: null, email: 'ann@example.com', phone: null },
};
const now = new Date('2026-11-25T12:00:00Z');

describe('decideSurvey', () => {
  it('invites a resolved case whose contact has an address', () => {
    expect(decideSurvey(resolved, policy, fresh, now, 0)).toEqual({ decision: 'invite' });
  });

  it.each([
    ['case_reopened', { ...resolved, status: 'open' as const }, fresh, 0],
    ['already_surveyed', resolved, { ...fresh, caseSurveyed: true }, 0],
    ['excluded_tag', { ...resolved, tags: ['vip-no-survey'] }, fresh, 0],
    ['channel_unsupported', { ...resolved, channel: 'chat' as const }, fresh, 0],
    ['no_contact', { ...resolved, contact: null }, fresh, 0],
    ['no_contact', { ...resolved, contact: { ...resolved.contact, email: null } }, fresh, 0],
    ['opted_out', resolved, { ...fresh, contactOptedOut: true }, 0],
    ['not_sampled', resolved, fresh, 100],
  ])('skips with reason %s', (reason, c, history, roll) => {
    expect(decideSurvey(c, policy, history, now, roll)).toEqual({ decision: 'skip', reason });
  });

  it('invites a social contact with a handle, not one without', () => {
    const p = { ...policy, channels: [...policy.channels, 'social' as const] };
    const social = { ...resolved, channel: 'social' as const };
    const withHandle = { ...social, contact: { ...social.contact, handles: ['telegram:4711'] } };
    const without = { ...social, contact: { ...social.contact, handles: [] } };
    expect(decideSurvey(withHandle, p, fresh, now, 0)).toEqual({ decision: 'invite' });
    expect(decideSurvey(without, p, fresh, now, 0)).toEqual({
      decision: 'skip',
      reason: 'no_contact',
    });
  });

  it('skips an excluded channel even when a plugin could carry it', () => {
    const p = { ...policy, excludeChannels: ['email' as const] };
    expect(decideSurvey(resolved, p, fresh, now, 0)).toEqual({
      decision: 'skip',
      reason: 'excluded_channel',
    });
  });

  it('throttles a contact invited within the window, not one invited before it', () => {
    const day = 86_400_000;
    const recent = { ...fresh, contactLastInvitedAt: new Date(now.getTime() - 29 * day) };
    const old = { ...fresh, contactLastInvitedAt: new Date(now.getTime() - 30 * day) };
    expect(decideSurvey(resolved, policy, recent, now, 0)).toMatchObject({ reason: 'throttled' });
    expect(decideSurvey(resolved, policy, old, now, 0)).toEqual({ decision: 'invite' });
    expect(decideSurvey(resolved, { ...policy, throttleDays: 0 }, recent, now, 0)).toEqual({
      decision: 'invite',
    });
  });

  it('samples by percentage: roll 29 is in a 30% sample, roll 30 is not', () => {
    const p = { ...policy, samplePercent: 30 };
    expect(decideSurvey(resolved, p, fresh, now, 29).decision).toBe('invite');
    expect(decideSurvey(resolved, p, fresh, now, 30).decision).toBe('skip');
  });
});

describe('sampleRoll', () => {
  it('is stable per case and spreads cases over 0–99', () => {
    expect(sampleRoll('case-1')).toBe(sampleRoll('case-1'));
    const rolls = Array.from({ length: 10_000 }, (_, i) => sampleRoll(`case-${i}`));
    expect(Math.min(...rolls)).toBe(0);
    expect(Math.max(...rolls)).toBe(99);
    const inSample = rolls.filter((r) => r < 30).length / rolls.length;
    expect(inSample).toBeGreaterThan(0.27);
    expect(inSample).toBeLessThan(0.33);
  });
});
