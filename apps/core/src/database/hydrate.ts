import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row of a hand-written query whose columns are named as in the table
 * (`prefix` before each, if given). Values are converted by TypeORM's own driver from the
 * entity's column metadata (dates, JSON), as a repository would; only the query is ours, for the
 * read paths that answer in one round trip.
 */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
  prefix = '',
): T {
  const meta = em.connection.getMetadata(entity);
  const out = meta.create() as T;
  for (const c of meta.columns)
    c.setEntityValue(
      out,
      em.connection.driver.prepareHydratedValue(row[prefix + c.databaseName], c),
    );
  return out;
}
