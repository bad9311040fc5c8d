import type { SearchQuery, SearchTerm } from '@casehub/domain';
import type { Dialect } from '../database/dialect.js';
import { foldForSqlite } from './search-folding.js';

/**
 * A parsed search as a condition on the cases aliased `c`, answered by the search index
 * (migration 1764000001000): a tsquery on `case_search.document` for PostgreSQL, an FTS5 MATCH
 * expression for SQLite. Every term reaches the database through `param` (which returns its
 * placeholder), never as SQL or as query syntax of its own.
 */
export function textMatch(
  dialect: Dialect,
  q: SearchQuery,
  param: (value: string) => string,
): string {
  return dialect === 'postgres' ? postgresMatch(q, param) : sqliteMatch(q, param);
}

function postgresMatch(q: SearchQuery, param: (value: string) => string): string {
  const term = (t: SearchTerm) =>
    t.kind === 'prefix'
      ? `to_tsquery('casehub_search', ${param(`${t.text}:*`)})` // letters and digits only
      : `phraseto_tsquery('casehub_search', case_search_words(${param(t.text)}))`;
  const parts = [
    ...q.all.map((group) => `(${group.map(term).join(' || ')})`),
    ...q.none.map((t) => `!!${term(t)}`),
  ];
  return `c.id IN (SELECT s.case_id FROM case_search s WHERE s.document @@ (${parts.join(' && ')}))`;
}

function sqliteMatch(q: SearchQuery, param: (value: string) => string): string {
  const term = (t: SearchTerm) =>
    `"${foldForSqlite(t.text).replaceAll('"', '""')}"${t.kind === 'prefix' ? ' *' : ''}`;
  const all = q.all.map((group) => `(${group.map(term).join(' OR ')})`).join(' AND ');
  const match = q.none.reduce((m, t) => `(${m}) NOT ${term(t)}`, all);
  return `c.number IN (SELECT rowid FROM case_search WHERE case_search MATCH ${param(match)})`;
}
