import type { EntityManager } from 'typeorm';
import type { CaseState, ContactRef } from '@casehub/domain';
import type { RowWrite } from '../database/row-write.js';

/** `:id` in a case URL, resolved: the case's id or its ticket number. */
export type CaseKey = { readonly id: string } | { readonly number: number };

/** A case as it was read, with the contact its views show. */
export interface LoadedCase {
  readonly state: CaseState;
  readonly contact: ContactRef | null;
}

/**
 * Reads and saves cases, one implementation per database (chosen at start-up). PostgreSQL
 * saves a change in one statement, guarded by the version the case was read at, and without
 * an explicit transaction; SQLite, which has one writer anyway, reads and saves in one
 * serialised transaction.
 */
export abstract class CaseStore {
  /**
   * Runs a read-decide-save unit. `exclusive`: the case is locked from the read to the save,
   * so the save cannot find it moved on (the way out when optimistic attempts keep losing).
   * SQLite's units are always exclusive.
   */
  abstract atomically<T>(work: (em: EntityManager) => Promise<T>, exclusive: boolean): Promise<T>;

  /** The case with its tags and contact, in one query; null when there is none. Locked in an exclusive unit. */
  abstract load(em: EntityManager, key: CaseKey): Promise<LoadedCase | null>;

  /** Inserts a new case with the rows written beside it; returns the ticket number it got. */
  abstract insert(em: EntityManager, c: CaseState, rows: readonly RowWrite[]): Promise<number>;

  /**
   * Saves `next` and its rows if the case is still at `before.version`; false (nothing
   * written) when another change came first.
   */
  abstract update(
    em: EntityManager,
    before: CaseState,
    next: CaseState,
    rows: readonly RowWrite[],
  ): Promise<boolean>;
}
