import { describe, expect, it } from 'vitest';
import { consentOfKeyword, keywordWord, replacesConsent } from './consent.js';

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
