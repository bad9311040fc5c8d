import { IsNull, type EntityManager } from 'typeorm';
import { insertRows } from './insert-rows.js';
import { WithCaseNumber, type RowWrite } from './row-write.js';

/** Writes the rows of a change inside the caller's SQLite transaction; `number` is the case's. */
export async function applyRowWrites(
  em: EntityManager,
  writes: readonly RowWrite[],
  number: number,
): Promise<void> {
  for (const w of writes) {
    if (w.kind === 'insert') await insertRows(em, w.entity, [numbered(w.values, number)]);
    else {
      const where = Object.fromEntries(
        Object.entries(w.where).map(([k, v]) => [k, v === null ? IsNull() : v]),
      );
      await em.update(w.entity, where, numbered(w.set, number));
    }
  }
}

function numbered(values: Readonly<Record<string, unknown>>, number: number) {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v instanceof WithCaseNumber ? v.with(number) : v]),
  );
}
