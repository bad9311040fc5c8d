import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The PostgreSQL type of every column of our tables, read once from the catalog. Statements
 * that select their values (`INSERT … SELECT $1::uuid …`) must cast each parameter: unlike
 * `VALUES`, a select list does not take its types from the target columns.
 */
@Injectable()
export class PgColumnTypes {
  private types: Promise<Map<string, string>> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `(table, column) → type`, e.g. `timestamp with time zone`. */
  async lookup(): Promise<(table: string, column: string) => string> {
    this.types ??= this.read().catch((err: unknown) => {
      this.types = null; // try again on the next write
      throw err;
    });
    const types = await this.types;
    return (table, column) => {
      const type = types.get(`${table}.${column}`);
      if (!type) throw new Error(`no column ${table}.${column} in the database`);
      return type;
    };
  }

  private async read(): Promise<Map<string, string>> {
    const rows: { t: string; c: string; type: string }[] = await this.dataSource.query(
      `SELECT k.relname AS t, a.attname AS c, format_type(a.atttypid, NULL) AS type
       FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid
       WHERE k.relnamespace = current_schema()::regnamespace AND k.relkind IN ('r', 'p')
         AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    return new Map(rows.map((r) => [`${r.t}.${r.c}`, r.type]));
  }
}
