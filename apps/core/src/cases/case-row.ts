import type { CaseState, ContactRef } from '@casehub/domain';
import type { DataSource } from 'typeorm';
import { hydrate } from '../database/hydrate.js';
import { CaseEntity } from './case.entity.js';
import type { LoadedCase } from './case-store.js';

/** The columns the load query adds to a case row: its tags and its contact (contact_refs). */
export interface LoadedRow extends Record<string, unknown> {
  case_tag_list: string[] | string | null;
  contact_ref_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}

/** The load query's select list; `tags` is the dialect's sorted array of the case's tags. */
export function loadSql(tags: string, where: string): string {
  return `SELECT c.*, ${tags} AS case_tag_list, r.id AS contact_ref_id, r.name AS contact_name,
            r.email AS contact_email, r.phone AS contact_phone
          FROM cases c LEFT JOIN contact_refs r ON r.id = c.contact_id
          WHERE ${where}`;
}

export function toLoadedCase(dataSource: DataSource, raw: LoadedRow): LoadedCase {
  const row = hydrate(dataSource, CaseEntity, raw);
  const tags = raw.case_tag_list;
  const contact: ContactRef | null = raw.contact_ref_id
    ? {
        id: raw.contact_ref_id,
        name: raw.contact_name,
        email: raw.contact_email,
        phone: raw.contact_phone,
      }
    : null;
  return {
    state: {
      ...row,
      tags: typeof tags === 'string' ? (JSON.parse(tags) as string[]) : (tags ?? []),
    },
    contact,
  };
}

/** The case's own row: everything but its tags, which live in case_tags. */
export function toCaseRow(c: CaseState): CaseEntity {
  const { tags: _tags, ...row } = c;
  return row;
}

/** Tags to remove and to add to go from `before` to `after` (disjoint, so one statement can do both). */
export function tagChanges(before: readonly string[], after: readonly string[]) {
  return {
    removed: before.filter((t) => !after.includes(t)),
    added: after.filter((t) => !before.includes(t)),
  };
}
