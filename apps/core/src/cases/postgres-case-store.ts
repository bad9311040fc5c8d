import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseState } from '@casehub/domain';
import { PgColumnTypes } from '../database/pg-column-types.js';
import { PgStatements } from '../database/pg-statements.js';
import { PgGuardedStatement } from '../database/pg-guarded-statement.js';
import type { RowWrite } from '../database/row-write.js';
import { CaseEntity } from './case.entity.js';
import { loadSql, tagChanges, toCaseRow, toLoadedCase } from './case-row.js';
import { CaseStore, type CaseKey, type LoadedCase } from './case-store.js';

const TAGS = `ARRAY(SELECT t.tag FROM case_tags t WHERE t.case_id = c.id ORDER BY t.tag)`;
const BY_ID = loadSql(TAGS, 'c.id = $1');
const BY_NUMBER = loadSql(TAGS, 'c.number = $1');
const LOCK = ' FOR UPDATE OF c';

/**
 * PostgreSQL: a change is one statement in autocommit (no BEGIN/COMMIT round trips, no row
 * lock held while the command runs), guarded by the version it was read at. Ticket numbers
 * come from a sequence inside the INSERT, so concurrent intakes never wait on each other (a
 * failed intake leaves a gap, as in every helpdesk).
 */
@Injectable()
export class PostgresCaseStore extends CaseStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly types: PgColumnTypes,
    private readonly pg: PgStatements,
  ) {
    super();
  }

  atomically<T>(work: (em: EntityManager) => Promise<T>, exclusive: boolean): Promise<T> {
    return exclusive ? this.dataSource.transaction(work) : work(this.dataSource.manager);
  }

  async load(em: EntityManager, key: CaseKey): Promise<LoadedCase | null> {
    const lock = em.queryRunner?.isTransactionActive ? LOCK : '';
    const [raw] =
      'id' in key
        ? await this.pg.query<Record<string, unknown>>(BY_ID + lock, [key.id], em)
        : await this.pg.query<Record<string, unknown>>(BY_NUMBER + lock, [key.number], em);
    return raw ? toLoadedCase(this.dataSource, raw) : null;
  }

  async insert(em: EntityManager, c: CaseState, rows: readonly RowWrite[]): Promise<number> {
    const { number: _allocated, ...row } = toCaseRow(c);
    const st = await this.statement();
    st.guardInsert(CaseEntity, row, { number: `nextval('case_number_seq')` }, 'id, number');
    if (c.tags.length)
      st.also(
        `INSERT INTO case_tags (case_id, tag) SELECT g.id, t FROM g, unnest(${st.param(c.tags, 'text[]')}) t`,
      );
    st.rows(rows);
    const [inserted] = await this.pg.query<{ number: number | string }>(
      st.sql('SELECT number FROM g'),
      st.params,
      em,
    );
    return Number(inserted.number);
  }

  async update(
    em: EntityManager,
    before: CaseState,
    next: CaseState,
    rows: readonly RowWrite[],
  ): Promise<boolean> {
    const { id, number: _n, createdAt: _c, ...set } = toCaseRow(next);
    const st = await this.statement();
    st.guardUpdate(CaseEntity, set, { id, version: before.version }, 'id, number');
    const { removed, added } = tagChanges(before.tags, next.tags);
    if (removed.length)
      st.also(
        `DELETE FROM case_tags USING g WHERE case_tags.case_id = g.id AND case_tags.tag = ANY(${st.param(removed, 'text[]')})`,
      );
    if (added.length)
      st.also(
        `INSERT INTO case_tags (case_id, tag) SELECT g.id, t FROM g, unnest(${st.param(added, 'text[]')}) t`,
      );
    st.rows(rows);
    const saved = await this.pg.query(st.sql('SELECT id FROM g'), st.params, em);
    return saved.length === 1;
  }

  private async statement(): Promise<PgGuardedStatement> {
    return new PgGuardedStatement(this.dataSource, await this.types.lookup());
  }
}
