import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** A row as the database returned it (column names) → the entity's values, converted as TypeORM does. */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const meta = dataSource.getMetadata(entity);
  const out: Record<string, unknown> = {};
  for (const c of meta.columns)
    out[c.propertyName] = dataSource.driver.prepareHydratedValue(raw[c.databaseName], c);
  return out as T;
}
