import type { ContactRef } from '@casehub/domain';

/**
 * The compact form of a contact (ContactRef, as ContactsService.refs gives it: the first email
 * and phone by id) inside another feature's query, so that its list answers in one round trip:
 * `join` to add after FROM, `columns` to add to the select list, `of` to read them back.
 */
export function contactRefSql(contactIdExpr: string) {
  const first = (kind: 'email' | 'phone') =>
    `(SELECT i.value FROM contact_identities i WHERE i.contact_id = ref_ct.id AND i.kind = '${kind}' ORDER BY i.id LIMIT 1)`;
  return {
    join: `LEFT JOIN contacts ref_ct ON ref_ct.id = ${contactIdExpr}`,
    columns: `ref_ct.id AS ref_id, ref_ct.name AS ref_name, ${first('email')} AS ref_email, ${first('phone')} AS ref_phone`,
    of: (row: Record<string, unknown>): ContactRef | null =>
      row.ref_id
        ? {
            id: row.ref_id as string,
            name: (row.ref_name as string | null) ?? null,
            email: (row.ref_email as string | null) ?? null,
            phone: (row.ref_phone as string | null) ?? null,
          }
        : null,
  };
}
