import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consentKeyword,
  consentOfKeyword,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  replacesConsent,
} from './consent.js';

describe('consent keywords', () => {
  it('hears every opt-out, opt-in and help keyword in any case, as the whole message', () => {
    for (const k of OPT_OUT_KEYWORDS) expect(consentKeyword(k.toLowerCase())).toBe('opt-out');
    for (const k of OPT_IN_KEYWORDS) expect(consentKeyword(` ${k} `)).toBe('opt-in');
    for (const k of HELP_KEYWORDS)
      expect(consentKeyword(`${k[0]}${k.slice(1).toLowerCase()}`)).toBe('help');
  });

  it('forgives a closing full stop or exclamation mark', () => {
    expect(consentKeyword('Stop.')).toBe('opt-out');
    expect(consentKeyword('STOP!!')).toBe('opt-out');
  });

  it('is not fooled by a keyword inside a sentence', () => {
    expect(consentKeyword('stop sending me bills')).toBeNull();
    expect(consentKeyword('please STOP')).toBeNull();
    expect(consentKeyword('STOPP')).toBeNull();
    expect(consentKeyword('')).toBeNull();
  });

  it('finds no keyword in any text with two words', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]+ [A-Za-z]+$/), (text) => {
        expect(consentKeyword(text)).toBeNull();
      }),
    );
  });

  it('records opted_out, opted_in, and nothing for help', () => {
    expect(consentOfKeyword('opt-out')).toBe('opted_out');
    expect(consentOfKeyword('opt-in')).toBe('opted_in');
    expect(consentOfKeyword('help')).toBeNull();
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
