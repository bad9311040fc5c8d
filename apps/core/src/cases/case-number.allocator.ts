import type { Dialect } from '../database/dialect.js';

/**
 * SQL for the next human ticket number, evaluated inside the case INSERT. PostgreSQL: a
 * sequence, so concurrent intakes never wait on each other (a rolled-back intake leaves a gap,
 * as in every helpdesk). SQLite: max + 1 is safe because write transactions are serialised.
 */
export function nextCaseNumberSql(dialect: Dialect): string {
  return dialect === 'postgres'
    ? `nextval('case_number_seq')`
    : `(SELECT COALESCE(MAX(number), 0) + 1 FROM cases)`;
}
