import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConsentKeyword,
  consentKeyword,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
} from './consent.js';

const all: { word: string; kind: ConsentKeyword }[] = [
  ...OPT_OUT_KEYWORDS.map((word) => ({ word, kind: 'opt-out' as const })),
  ...OPT_IN_KEYWORDS.map((word) => ({ word, kind: 'opt-in' as const })),
  ...HELP_KEYWORDS.map((word) => ({ word, kind: 'help' as const })),
];

/** A keyword as a person might type it: any case, spaces around, a closing "." or "!" run. */
const typed = fc
  .record({
    keyword: fc.constantFrom(...all),
    upper: fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
    before: fc.constantFrom('', ' ', '  ', '\n', '\t '),
    after: fc.constantFrom('', ' ', '.', '!', '!!', '...', '. ', ' !', '\n'),
  })
  .map(({ keyword: { word, kind }, upper, before, after }) => ({
    kind,
    text: before + [...word].map((c, i) => (upper[i] ? c : c.toLowerCase())).join('') + after,
  }));

describe('consentKeyword', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['stop', 'opt-out'],
    ['Stop.', 'opt-out'],
    ['  unsubscribe!  ', 'opt-out'],
    ['StopAll', 'opt-out'],
    ['OptOut', 'opt-out'],
    ['ＳＴＯＰ', 'opt-out'],
    ['Start', 'opt-in'],
    ['yes!', 'opt-in'],
    ['UNSTOP', 'opt-in'],
    ['help', 'help'],
    ['Info.', 'help'],
  ])('reads %j as %s', (text, kind) => {
    expect(consentKeyword(text)).toBe(kind);
  });

  it.each([
    'stop sending me bills',
    'Please stop',
    'STOP ALL',
    'opt out',
    'stopp',
    'STOP?',
    'yes please',
    'help me with my order',
    '"STOP"',
    '',
    '!!!',
  ])('reads %j as no keyword', (text) => {
    expect(consentKeyword(text)).toBeNull();
  });

  it('lists Twilio’s default keywords', () => {
    expect(OPT_OUT_KEYWORDS).toEqual([
      'STOP',
      'STOPALL',
      'UNSUBSCRIBE',
      'CANCEL',
      'END',
      'QUIT',
      'REVOKE',
      'OPTOUT',
    ]);
    expect(OPT_IN_KEYWORDS).toEqual(['START', 'YES', 'UNSTOP']);
    expect(HELP_KEYWORDS).toEqual(['HELP', 'INFO']);
  });

  it('reads a keyword in any case, with spaces and a closing "." or "!"', () => {
    fc.assert(
      fc.property(typed, ({ text, kind }) => {
        expect(consentKeyword(text)).toBe(kind);
      }),
    );
  });

  it('reads no keyword when the message says anything more', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,10}$/);
    fc.assert(
      fc.property(typed, word, fc.boolean(), ({ text }, extra, first) => {
        const message = first ? `${extra} ${text.trim()}` : `${text.trim()} ${extra}`;
        expect(consentKeyword(message)).toBeNull();
      }),
    );
  });
});
