import { describe, expect, it } from 'vitest';
import { consentOfKeyword, isOptedOut, keywordWord, replacesConsent } from './consent.js';

describe('what a keyword records', () => {
  it('records opted_out, opted_in, and nothing for help', () => {
    expect(consentOfKeyword('opt-out')).toBe('opted_out');
    expect(consentOfKeyword('opt-in')).toBe('opted_in');
    expect(consentOfKeyword('help')).toBeNull();
  });

  it('reads the word a keyword message is, as the core names its source', () => {
    expect(keywordWord(' Ｓｔｏｐ ! ')).toBe('STOP');
    expect(keywordWord('start.')).toBe('START');
  });
});

describe('consent records out of order', () => {
  it('lets only a newer record replace the one kept', () => {
    const t = new Date('2026-12-07T10:00:00Z');
    expect(replacesConsent(null, t)).toBe(true);
    expect(replacesConsent(t, new Date(t.getTime() + 1))).toBe(true);
    expect(replacesConsent(t, t)).toBe(false);
    expect(replacesConsent(t, new Date(t.getTime() - 1000))).toBe(false);
  });
});

describe('what an opt-out keeps from a contact', () => {
  const sms = { channel: 'sms' as const, topic: 'messages' as const };
  const surveysByEmail = { channel: 'email' as const, topic: 'surveys' as const };

  it('STOP keeps everything on its channel from them, surveys included', () => {
    expect(isOptedOut([sms], 'sms', 'messages')).toBe(true);
    expect(isOptedOut([sms], 'sms', 'surveys')).toBe(true);
    expect(isOptedOut([sms], 'email', 'messages')).toBe(false);
  });

  it('a survey unsubscribe keeps only invitations on its channel from them', () => {
    expect(isOptedOut([surveysByEmail], 'email', 'surveys')).toBe(true);
    expect(isOptedOut([surveysByEmail], 'email', 'messages')).toBe(false);
    expect(isOptedOut([surveysByEmail], 'sms', 'surveys')).toBe(false);
  });
});
