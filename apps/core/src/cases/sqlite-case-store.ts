import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseState } from '@casehub/domain';
import { insertRows } from '../database/insert-rows.js';
import type { RowWrite } from '../database/row-write.js';
import { applyRowWrites } from '../database/sqlite-row-writes.js';
import { Transactions } from '../database/transactions.js';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { loadSql, tagChanges, toCaseRow, toLoadedCase } from './case-row.js';
import { CaseStore, type CaseKey, type LoadedCase } from './case-store.js';

const TAGS = `(SELECT json_group_array(tag) FROM (SELECT t.tag FROM case_tags t WHERE t.case_id = c.id ORDER BY t.tag))`;
const BY_ID = loadSql(TAGS, 'c.id = ?');
const BY_NUMBER = loadSql(TAGS, 'c.number = ?');

/**
 * SQLite has one writer: a change reads and saves in one transaction, queued behind the others
 * (Transactions), so the version never moves under it. Ticket numbers are max + 1.
 */
@Injectable()
export class SqliteCaseStore extends CaseStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
  ) {
    super();
  }

  atomically<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    // One writer: every unit runs alone, so it is always exclusive.
    return this.tx.run(work, { quiet: true });
  }

  async load(em: EntityManager, key: CaseKey): Promise<LoadedCase | null> {
    const [raw]: Record<string, unknown>[] = await em.query('id' in key ? BY_ID : BY_NUMBER, [
      'id' in key ? key.id : key.number,
    ]);
    return raw ? toLoadedCase(this.dataSource, raw) : null;
  }

  async insert(em: EntityManager, c: CaseState, rows: readonly RowWrite[]): Promise<number> {
    const [{ next }]: { next: number }[] = await em.query(
      'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM cases',
    );
    await insertRows(em, CaseEntity, [{ ...toCaseRow(c), number: next }]);
    await this.addTags(em, c.id, c.tags);
    await applyRowWrites(em, rows, next);
    return next;
  }

  async update(
    em: EntityManager,
    before: CaseState,
    next: CaseState,
    rows: readonly RowWrite[],
  ): Promise<boolean> {
    const { id, number: _n, createdAt: _c, ...set } = toCaseRow(next);
    const { affected } = await em.update(CaseEntity, { id, version: before.version }, set);
    if (affected !== 1) return false;
    const { removed, added } = tagChanges(before.tags, next.tags);
    for (const tag of removed) await em.delete(CaseTagEntity, { caseId: id, tag });
    await this.addTags(em, id, added);
    await applyRowWrites(em, rows, next.number);
    return true;
  }

  private async addTags(em: EntityManager, caseId: string, tags: readonly string[]) {
    if (tags.length)
      await insertRows(
        em,
        CaseTagEntity,
        tags.map((tag) => ({ caseId, tag })),
      );
  }
}
