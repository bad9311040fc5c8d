import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';
import { listCasesSchema } from './list-cases.js';

const phrase = (text: string) => ({ kind: 'phrase', text });

describe('the case search syntax', () => {
  it('ANDs words, keeps quoted phrases whole and reads prefixes and exclusions', () => {
    expect(
      parseSearchQuery('  Rückerstattung "nicht erhalten" rembours* -spam -"test case" '),
    ).toEqual({
      all: [
        [phrase('Rückerstattung')],
        [phrase('nicht erhalten')],
        [{ kind: 'prefix', text: 'rembours' }],
      ],
      none: [phrase('spam'), phrase('test case')],
    });
  });

  it('groups terms joined by OR, which binds tighter than the AND between terms', () => {
    expect(parseSearchQuery('refund OR erstattung OR "money back" damaged')).toEqual({
      all: [[phrase('refund'), phrase('erstattung'), phrase('money back')], [phrase('damaged')]],
      none: [],
    });
  });

  it('takes a word with punctuation inside as one term, and lower-case or as a word', () => {
    expect(parseSearchQuery('ann@example.com A-1042 or')).toEqual({
      all: [[phrase('ann@example.com')], [phrase('A-1042')], [phrase('or')]],
      none: [],
    });
  });

  it.each([
    ['"unclosed phrase', 'a quoted phrase is not closed'],
    ['-refund', '-terms only leave cases out'],
    ['a*', 'a prefix is at least 2 letters or digits'],
    ['e-ma*', 'a prefix is at least 2 letters or digits'],
    ['re*und', '* goes at the end of a word'],
    ['"two words"*', '* goes after a word, not after a phrase'],
    ['OR refund', 'OR goes between two terms'],
    ['refund OR', 'OR goes between two terms'],
    ['refund OR -spam', 'cannot be part of an OR'],
    ['!!! refund', '"!!!" has no letters or digits'],
    ['""', 'has no letters or digits'],
    [Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), 'at most 16 terms'],
  ])('refuses %j: %s', (q, why) => {
    expect(() => parseSearchQuery(q)).toThrow(why);
  });

  it('is a 400 naming q (or text) in the list query', () => {
    const bad = listCasesSchema.safeParse({ q: '"oops' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['q'] });
    expect(bad.error?.issues[0].message).toContain('bad search: a quoted phrase is not closed');
    expect(listCasesSchema.parse({ text: 'gizmo' }).text).toEqual({
      all: [[phrase('gizmo')]],
      none: [],
    });
    expect(listCasesSchema.safeParse({ q: 'a1', text: 'a2' }).error?.issues[0].path).toEqual([
      'text',
    ]);
  });
});
