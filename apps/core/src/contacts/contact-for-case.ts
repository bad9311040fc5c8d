import { v7 as uuidv7 } from 'uuid';
import type { ContactRef, Identity } from '@casehub/domain';
import { insertRow, updateRow, type RowWrite } from '../database/row-write.js';
import { ContactEntity, ContactIdentityEntity } from './contact.entity.js';

/** Who holds some identities now: the contact of the first one held (with its ref), and each holder. */
export interface ContactMatch {
  readonly contact: ContactRef | null;
  /** The contact id holding each wanted identity, in order; null where nobody does. */
  readonly holders: readonly (string | null)[];
}

/** The contact a case is for, and the rows that make it so, to be saved with the case. */
export interface ContactForCase {
  readonly ref: ContactRef;
  readonly rows: RowWrite[];
}

/**
 * The contact a case is for, given who holds its identities: the one found, given the identities
 * nobody holds yet and its first name; else a new contact with all of them. The rows are saved
 * in the case's own statement, so a failed intake leaves no contact behind, and a contact
 * opening many cases takes no lock. If another intake claims an identity meanwhile, that save
 * fails on the identities' unique key (and is tried again from a new match).
 */
export function contactForCase(
  name: string | null,
  wanted: readonly Identity[],
  match: ContactMatch,
  at: Date,
): ContactForCase {
  const found = match.contact;
  const id = found?.id ?? uuidv7();
  const claim = wanted.filter((_, i) => match.holders[i] === null);
  const rows: RowWrite[] = [];
  if (!found) rows.push(insertRow(ContactEntity, { id, name, createdAt: at, updatedAt: at }));
  else if (found.name === null && name !== null)
    rows.push(updateRow(ContactEntity, { name, updatedAt: at }, { id, name: null }));
  for (const { kind, value } of claim)
    rows.push(insertRow(ContactIdentityEntity, { id: uuidv7(), contactId: id, kind, value }));
  // A contact shows its first email and phone, and every handle; new ones after those it had.
  const first = (kind: Identity['kind'], had: string | null) =>
    had ?? claim.find((c) => c.kind === kind)?.value ?? null;
  return {
    ref: {
      id,
      name: found?.name ?? name,
      email: first('email', found?.email ?? null),
      phone: first('phone', found?.phone ?? null),
      handles: [
        ...(found?.handles ?? []),
        ...claim.filter((c) => c.kind === 'social').map((c) => c.value),
      ],
    },
    rows,
  };
}
