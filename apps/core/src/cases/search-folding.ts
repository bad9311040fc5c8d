/**
 * Letters SQLite's unicode61 tokenizer keeps as they are but PostgreSQL's `unaccent` folds
 * (Straße = Strasse, œuvre = oeuvre): the SQLite search index and its queries fold them alike.
 * The index is written with this list (migration 1765000000200): changing it takes a migration
 * that writes the index again.
 */
export const SQLITE_FOLDS: readonly (readonly [string, string])[] = [
  ['ß', 'ss'],
  ['ẞ', 'ss'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['ø', 'o'],
  ['Ø', 'o'],
  ['ł', 'l'],
  ['Ł', 'l'],
  ['đ', 'd'],
  ['Đ', 'd'],
  ['þ', 'th'],
  ['Þ', 'th'],
];

export function foldForSqlite(text: string): string {
  return SQLITE_FOLDS.reduce((t, [from, to]) => t.replaceAll(from, to), text);
}
