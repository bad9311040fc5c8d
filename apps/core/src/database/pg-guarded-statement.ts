import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { WithCaseNumber, type RowWrite } from './row-write.js';

type TypeOf = (table: string, column: string) => string;

/**
 * One PostgreSQL statement, so that a change costs one round trip and no explicit transaction:
 * a guard — a CTE named `g` that inserts or updates the case and returns what the rest needs
 * (its `id`, its `number`) — and the rows written with it, each an INSERT or UPDATE that reads
 * FROM g. When the guard matches no row (the case moved on meanwhile), nothing is written.
 */
export class PgGuardedStatement {
  readonly params: unknown[] = [];
  private readonly ctes: string[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly typeOf: TypeOf,
  ) {}

  /** A placeholder for `value`, cast to `type` when given. */
  param(value: unknown, type?: string): string {
    this.params.push(value);
    return type ? `$${this.params.length}::${type}` : `$${this.params.length}`;
  }

  /** Guards with an INSERT of `values` (plus columns set by SQL `expressions`), returning `returning`. */
  guardInsert(
    entity: EntityTarget<ObjectLiteral>,
    values: Readonly<Record<string, unknown>>,
    expressions: Readonly<Record<string, string>>,
    returning: string,
  ): this {
    const meta = this.dataSource.getMetadata(entity);
    const columns = meta.columns.filter(
      (c) => c.propertyName in values && !(c.databaseName in expressions),
    );
    const names = [...columns.map((c) => c.databaseName), ...Object.keys(expressions)];
    const slots = [
      ...columns.map((c) => this.value(meta.tableName, c, values[c.propertyName])),
      ...Object.values(expressions),
    ];
    return this.guard(
      `INSERT INTO ${this.q(meta.tableName)} (${names.map((n) => this.q(n)).join(', ')}) VALUES (${slots.join(', ')}) RETURNING ${returning}`,
    );
  }

  /** Guards with an UPDATE that only matches `where` (e.g. the version the case was read at). */
  guardUpdate(
    entity: EntityTarget<ObjectLiteral>,
    set: Readonly<Record<string, unknown>>,
    where: Readonly<Record<string, unknown>>,
    returning: string,
  ): this {
    const meta = this.dataSource.getMetadata(entity);
    const assign = this.assignments(meta.tableName, meta.columns, set);
    const match = this.conditions(meta.tableName, meta.columns, where, false);
    return this.guard(
      `UPDATE ${this.q(meta.tableName)} SET ${assign.join(', ')} WHERE ${match.join(' AND ')} RETURNING ${returning}`,
    );
  }

  private guard(sql: string): this {
    this.ctes.unshift(`g AS (${sql})`);
    return this;
  }

  /** Another data-modifying part; it must read FROM g to depend on the guard. */
  also(sql: string): this {
    this.ctes.push(`w${this.ctes.length} AS (${sql})`);
    return this;
  }

  /** INSERTs (one per table, rows joined with UNION ALL) and UPDATEs of rows beside the case. */
  rows(writes: readonly RowWrite[]): this {
    const inserts = new Map<string, { table: string; columns: ColumnMetadata[]; rows: string[] }>();
    for (const w of writes) {
      const meta = this.dataSource.getMetadata(w.entity);
      if (w.kind === 'update') {
        const set = this.assignments(meta.tableName, meta.columns, w.set);
        const where = this.conditions(meta.tableName, meta.columns, w.where, true);
        this.also(
          `UPDATE ${this.q(meta.tableName)} SET ${set.join(', ')} FROM g WHERE ${where.join(' AND ')}`,
        );
        continue;
      }
      const columns = meta.columns.filter((c) => c.propertyName in w.values);
      const key = `${meta.tableName}(${columns.map((c) => c.databaseName).join(',')})`;
      const group = inserts.get(key) ?? { table: meta.tableName, columns, rows: [] };
      inserts.set(key, group);
      group.rows.push(
        `SELECT ${columns.map((c) => this.value(meta.tableName, c, w.values[c.propertyName])).join(', ')} FROM g`,
      );
    }
    for (const { table, columns, rows } of inserts.values()) {
      this.also(
        `INSERT INTO ${this.q(table)} (${columns.map((c) => this.q(c.databaseName)).join(', ')}) ${rows.join(' UNION ALL ')}`,
      );
    }
    return this;
  }

  sql(select: string): string {
    return `WITH ${this.ctes.join(',\n')}\n${select}`;
  }

  private assignments(
    table: string,
    columns: ColumnMetadata[],
    values: Readonly<Record<string, unknown>>,
  ) {
    return Object.entries(values).map(([property, v]) => {
      const column = columns.find((c) => c.propertyName === property);
      if (!column) throw new Error(`${table} has no column for ${property}`);
      return `${this.q(column.databaseName)} = ${this.value(table, column, v)}`;
    });
  }

  /** `column = value` (`IS NULL` for null), qualified by the table where g is also in scope. */
  private conditions(
    table: string,
    columns: ColumnMetadata[],
    values: Readonly<Record<string, unknown>>,
    qualified: boolean,
  ) {
    const prefix = qualified ? `${this.q(table)}.` : '';
    return Object.entries(values).map(([property, v]) => {
      const column = columns.find((c) => c.propertyName === property);
      if (!column) throw new Error(`${table} has no column for ${property}`);
      const name = prefix + this.q(column.databaseName);
      return v === null ? `${name} IS NULL` : `${name} = ${this.value(table, column, v)}`;
    });
  }

  private value(table: string, column: ColumnMetadata, v: unknown): string {
    if (v instanceof WithCaseNumber)
      return `(${this.param(v.head, 'text')} || g.number || ${this.param(v.tail, 'text')})`;
    const prepared = this.dataSource.driver.preparePersistentValue(v, column);
    return this.param(prepared, this.typeOf(table, column.databaseName));
  }

  private q(name: string): string {
    return this.dataSource.driver.escape(name);
  }
}
