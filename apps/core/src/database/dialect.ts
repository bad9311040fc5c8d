import type { DataSource, QueryRunner, TableColumnOptions } from 'typeorm';

export type Dialect = 'postgres' | 'sqlite';

export function dialectOf(source: DataSource | QueryRunner): Dialect {
  const ds = 'connection' in source ? source.connection : source;
  return ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Column builders for migrations written once for both databases (TypeORM's Table API):
 * they pick the native type of each dialect (timestamptz vs datetime, uuid vs varchar).
 */
export function columns(qr: QueryRunner) {
  const pg = dialectOf(qr) === 'postgres';
  const col = (
    name: string,
    type: string,
    extra: Partial<TableColumnOptions> = {},
  ): TableColumnOptions => ({
    name,
    type,
    isNullable: false,
    ...extra,
  });
  return {
    id: (name = 'id'): TableColumnOptions =>
      col(name, pg ? 'uuid' : 'varchar', { isPrimary: true, length: pg ? undefined : '36' }),
    ref: (name: string, nullable = true) =>
      col(name, pg ? 'uuid' : 'varchar', { isNullable: nullable, length: pg ? undefined : '36' }),
    text: (name: string, nullable = false) => col(name, 'text', { isNullable: nullable }),
    varchar: (name: string, length: number, nullable = false) =>
      col(name, 'varchar', { length: String(length), isNullable: nullable }),
    int: (name: string, dflt?: number) =>
      col(name, 'integer', dflt === undefined ? {} : { default: dflt }),
    bool: (name: string, dflt: boolean) =>
      col(name, 'boolean', { default: pg ? String(dflt) : dflt ? 1 : 0 }),
    json: (name: string, nullable = false) =>
      col(name, pg ? 'jsonb' : 'text', { isNullable: nullable }),
    at: (name: string, nullable = false) =>
      col(name, pg ? 'timestamptz' : 'datetime', { isNullable: nullable }),
    serial: (name: string) =>
      col(name, pg ? 'bigint' : 'integer', {
        isPrimary: true,
        isGenerated: true,
        generationStrategy: 'increment',
      }),
  };
}
