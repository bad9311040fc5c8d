import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';

/** Metadata by entity, per data source: looking it up walks every entity's metadata. */
const metadata = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, EntityMetadata>>();

function metadataOf(em: EntityManager, entity: EntityTarget<ObjectLiteral>): EntityMetadata {
  let byEntity = metadata.get(em.connection);
  if (!byEntity) metadata.set(em.connection, (byEntity = new Map()));
  let meta = byEntity.get(entity);
  if (!meta) byEntity.set(entity, (meta = em.connection.getMetadata(entity)));
  return meta;
}

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
  const meta = metadataOf(em, entity);
  const out = meta.create() as T;
  for (const c of meta.columns)
    c.setEntityValue(
      out,
      em.connection.driver.prepareHydratedValue(row[prefix + c.databaseName], c),
    );
  return out;
}
