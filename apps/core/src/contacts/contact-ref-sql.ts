import type { ContactRef } from '@casehub/domain';

/**
 * The compact form of a contact (contact_refs, the view this feature publishes) inside another
 * feature's query, so that a case or a page of cases answers in one round trip: `join` to add
 * after FROM, `columns` to add to the select list, `of` to read them back from a row.
 */
/** contact_refs.handles (space-separated: a handle has no spaces) as a list. */
export function handlesOf(column: unknown): string[] {
  return typeof column === 'string' && column ? column.split(' ') : [];
}

export function contactRefSql(contactIdExpr: string) {
  return {
    join: `LEFT JOIN contact_refs ref ON ref.id = ${contactIdExpr}`,
    columns: `ref.id AS ref_id, ref.name AS ref_name, ref.email AS ref_email, ref.phone AS ref_phone, ref.handles AS ref_handles`,
    of: (row: Record<string, unknown>): ContactRef | null =>
      row.ref_id
        ? {
            id: row.ref_id as string,
            name: (row.ref_name as string | null) ?? null,
            email: (row.ref_email as string | null) ?? null,
            phone: (row.ref_phone as string | null) ?? null,
            handles: handlesOf(row.ref_handles),
          }
        : null,
  };
}
