import type { CaseState } from '@casehub/domain';
import type { DataSource } from 'typeorm';
import { hydrate } from '../database/hydrate.js';
import { contactRefSql } from '../contacts/contact-ref-sql.js';
import { CaseEntity } from './case.entity.js';
import type { LoadedCase } from './case-store.js';

const contact = contactRefSql('c.contact_id');

/** The load query: a case row with its tags (`tags`: the dialect's sorted array of them) and contact. */
export function loadSql(tags: string, where: string): string {
  return `SELECT c.*, ${tags} AS case_tag_list, ${contact.columns}
          FROM cases c ${contact.join}
          WHERE ${where}`;
}

export function toLoadedCase(dataSource: DataSource, raw: Record<string, unknown>): LoadedCase {
  const row = hydrate(dataSource.manager, CaseEntity, raw);
  const tags = raw.case_tag_list as string[] | string | null;
  return {
    state: {
      ...row,
      tags: typeof tags === 'string' ? (JSON.parse(tags) as string[]) : (tags ?? []),
    },
    contact: contact.of(raw),
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
