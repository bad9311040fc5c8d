import type { SearchQuery, SearchTerm } from '@casehub/domain';
import type { Dialect } from '../database/dialect.js';
import { foldForSqlite } from './search-folding.js';

/** Gives a value to the query and returns its placeholder. */
export type Param = (value: unknown) => string;

/** The cases a filter lets through: `column` of the cases aliased `c`, among what `select` returns. */
export interface Candidates {
  column: string;
  select: (param: Param) => string;
  /** PostgreSQL: whether the case whose id is `caseId` matches, read through case_search's key. */
  test?: (param: Param, caseId: string) => string;
}

/**
 * A parsed search as the cases the search index (migration 1765000000200) finds: a tsquery on
 * `case_search.document` for PostgreSQL, an FTS5 MATCH expression for SQLite. Every term reaches
 * the database as a parameter, never as SQL or as query syntax of its own.
 */
export function textMatch(dialect: Dialect, q: SearchQuery): Candidates {
  return dialect === 'postgres'
    ? {
        column: 'c.id',
        select: (param) =>
          `SELECT s.case_id FROM case_search s WHERE s.document @@ (${postgresQuery(q, param)})`,
        test: (param, caseId) =>
          `(SELECT s.document @@ (${postgresQuery(q, param)}) FROM case_search s WHERE s.case_id = ${caseId})`,
      }
    : {
        column: 'c.number',
        select: (param) =>
          `SELECT rowid FROM case_search WHERE case_search MATCH ${param(sqliteQuery(q))}`,
      };
}

function postgresQuery(q: SearchQuery, param: Param): string {
  const term = (t: SearchTerm) =>
    t.kind === 'prefix'
      ? `to_tsquery('casehub_search', ${param(`${t.text}:*`)})` // letters and digits only
      : `phraseto_tsquery('casehub_search', case_search_words(${param(t.text)}))`;
  return [
    ...q.all.map((group) => `(${group.map(term).join(' || ')})`),
    ...q.none.map((t) => `!!${term(t)}`),
  ].join(' && ');
}

function sqliteQuery(q: SearchQuery): string {
  const term = (t: SearchTerm) =>
    `"${foldForSqlite(t.text).replaceAll('"', '""')}"${t.kind === 'prefix' ? ' *' : ''}`;
  const all = q.all.map((group) => `(${group.map(term).join(' OR ')})`).join(' AND ');
  return q.none.reduce((m, t) => `(${m}) NOT ${term(t)}`, all);
}
