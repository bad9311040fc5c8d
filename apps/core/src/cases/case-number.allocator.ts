import type { EntityManager } from 'typeorm';
import type { Dialect } from '../database/dialect.js';

/**
 * Next human ticket number. PostgreSQL: a sequence, so concurrent intakes never wait on each
 * other (a rolled-back intake leaves a gap, as in every helpdesk). SQLite: max + 1 is safe
 * because write transactions are serialised.
 */
export async function nextCaseNumber(em: EntityManager, dialect: Dialect): Promise<number> {
  const sql =
    dialect === 'postgres'
      ? `SELECT nextval('case_number_seq') AS n`
      : `SELECT COALESCE(MAX(number), 0) + 1 AS n FROM cases`;
  const rows: { n: string | number }[] = await em.query(sql);
  return Number(rows[0].n);
}
