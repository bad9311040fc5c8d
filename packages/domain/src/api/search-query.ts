/**
 * The case search syntax (`GET /v1/cases?q=…`), parsed once here so that both databases get
 * the same meaning:
 *
 * - words are ANDed: `refund damaged`
 * - `"a quoted phrase"` matches those words next to each other, in that order
 * - `refund*` matches words starting with `refund` (at least 2 letters or digits before the `*`)
 * - `-word` and `-"a phrase"` leave out cases that contain it
 * - `refund OR erstattung` matches either (OR binds tighter than the AND between terms)
 *
 * A word with punctuation inside (`e-mail`, `ann@example.com`, `A-1042`) is the phrase of its
 * parts. Matching ignores case and accents; it is done by the database's text index.
 */

/** One thing to look for: adjacent words (a word is a phrase of one), or a word's beginning. */
export interface SearchTerm {
  kind: 'phrase' | 'prefix';
  text: string;
}

export interface SearchQuery {
  /** Every group must match; a group matches when any of its terms does. */
  all: SearchTerm[][];
  /** A case containing any of these does not match. */
  none: SearchTerm[];
}

/** Bad search syntax; the message says what is wrong, for a 400 naming the parameter. */
export class SearchSyntaxError extends Error {}

export const MAX_SEARCH_TERMS = 16;
const HAS_WORD = /[\p{L}\p{N}]/u;
const PREFIX_STEM = /^[\p{L}\p{M}\p{N}]{2,}$/u;

interface Token {
  term: SearchTerm | 'OR';
  negated: boolean;
}

function tokens(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i])) {
      i++;
      continue;
    }
    const negated = q[i] === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]);
    if (negated) i++;
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) throw new SearchSyntaxError('a quoted phrase is not closed: add the closing "');
      const text = q.slice(i + 1, end).trim();
      if (!HAS_WORD.test(text)) throw new SearchSyntaxError(`"${text}" has no letters or digits`);
      i = end + 1;
      if (q[i] === '*') throw new SearchSyntaxError('* goes after a word, not after a phrase');
      out.push({ term: { kind: 'phrase', text }, negated });
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end]) && q[end] !== '"') end++;
    const word = q.slice(i, end);
    i = end;
    if (word === 'OR' && !negated) {
      out.push({ term: 'OR', negated });
    } else if (word.endsWith('*')) {
      const stem = word.slice(0, -1);
      if (!PREFIX_STEM.test(stem))
        throw new SearchSyntaxError(
          `${word}: a prefix is at least 2 letters or digits, without punctuation, then *`,
        );
      out.push({ term: { kind: 'prefix', text: stem }, negated });
    } else {
      if (word.includes('*'))
        throw new SearchSyntaxError(`${word}: * goes at the end of a word, for a prefix`);
      if (!HAS_WORD.test(word)) throw new SearchSyntaxError(`"${word}" has no letters or digits`);
      out.push({ term: { kind: 'phrase', text: word }, negated });
    }
  }
  return out;
}

/** Parses a search; throws SearchSyntaxError with a sentence a user can act on. */
export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { all: [], none: [] };
  let joinNext = false;
  const list = tokens(q);
  if (list.length > MAX_SEARCH_TERMS)
    throw new SearchSyntaxError(`at most ${MAX_SEARCH_TERMS} terms, this has ${list.length}`);
  list.forEach((t, i) => {
    if (t.term === 'OR') {
      const prev = list[i - 1];
      const next = list[i + 1];
      if (!prev || !next || prev.term === 'OR' || next.term === 'OR')
        throw new SearchSyntaxError('OR goes between two terms');
      if (prev.negated || next.negated)
        throw new SearchSyntaxError('an excluded -term cannot be part of an OR');
      joinNext = true;
    } else if (t.negated) {
      query.none.push(t.term);
    } else if (joinNext) {
      query.all[query.all.length - 1].push(t.term);
      joinNext = false;
    } else {
      query.all.push([t.term]);
    }
  });
  if (!query.all.length)
    throw new SearchSyntaxError(
      query.none.length
        ? 'add a word to look for: -terms only leave cases out'
        : 'nothing to search for',
    );
  return query;
}
