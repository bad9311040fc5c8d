import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One multi-row INSERT for the write hot paths (case intake, outbox). Values are converted by
 * TypeORM's own driver from the entity's column metadata; only the statement building is
 * ours, because TypeORM's insert builder costs more CPU than the statement itself.
 * `expressions` sets columns to SQL (e.g. a sequence); `returning` names columns to read back.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  options: { expressions?: Record<string, string>; returning?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const pg = em.connection.options.type === 'postgres';
  const expressions = options.expressions ?? {};
  const columns = meta.columns.filter(
    (c) => c.propertyName in rows[0] && !(c.databaseName in expressions),
  );
  const names = [...columns.map((c) => c.databaseName), ...Object.keys(expressions)];
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = columns.map((c) => {
      params.push(driver.preparePersistentValue(row[c.propertyName as keyof T], c));
      return pg ? `$${params.length}` : '?';
    });
    return `(${[...slots, ...Object.values(expressions)].join(', ')})`;
  });
  const returning = options.returning?.length
    ? ` RETURNING ${options.returning.map((n) => driver.escape(n)).join(', ')}`
    : '';
  const sql = `INSERT INTO ${driver.escape(meta.tableName)} (${names.map((n) => driver.escape(n)).join(', ')}) VALUES ${tuples.join(', ')}${returning}`;
  const result: unknown = await em.query(sql, params);
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
}
