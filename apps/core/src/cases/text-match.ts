import type { SearchQuery, SearchTerm } from '@casehub/domain';
import type { Dialect } from '../database/dialect.js';
import { foldForSqlite } from './search-folding.js';

/** A condition on the cases aliased `c`, with its named parameters (TypeORM's `:name`). */
export interface TextMatch {
  where: string;
  params: Record<string, string>;
}

/**
 * A parsed search as a condition on the search index (migration 1764000001000): a tsquery on
 * `case_search.document` for PostgreSQL, an FTS5 MATCH expression for SQLite. Every term
 * reaches the database as a parameter, never as SQL or query syntax of its own.
 */
export function textMatch(dialect: Dialect, q: SearchQuery): TextMatch {
  return dialect === 'postgres' ? postgresMatch(q) : sqliteMatch(q);
}

function postgresMatch(q: SearchQuery): TextMatch {
  const params: Record<string, string> = {};
  const term = (t: SearchTerm) => {
    const name = `search${Object.keys(params).length}`;
    if (t.kind === 'prefix') {
      params[name] = `${t.text}:*`; // letters and digits only (parseSearchQuery)
      return `to_tsquery('casehub_search', :${name})`;
    }
    params[name] = t.text;
    return `phraseto_tsquery('casehub_search', case_search_words(:${name}))`;
  };
  const parts = [
    ...q.all.map((group) => `(${group.map(term).join(' || ')})`),
    ...q.none.map((t) => `!!${term(t)}`),
  ];
  return {
    where: `c.id IN (SELECT s.case_id FROM case_search s WHERE s.document @@ (${parts.join(' && ')}))`,
    params,
  };
}

function sqliteMatch(q: SearchQuery): TextMatch {
  const term = (t: SearchTerm) =>
    `"${foldForSqlite(t.text).replaceAll('"', '""')}"${t.kind === 'prefix' ? ' *' : ''}`;
  const all = q.all.map((group) => `(${group.map(term).join(' OR ')})`).join(' AND ');
  const match = q.none.reduce((m, t) => `(${m}) NOT ${term(t)}`, all);
  return {
    where: 'c.number IN (SELECT rowid FROM case_search WHERE case_search MATCH :search)',
    params: { search: match },
  };
}
