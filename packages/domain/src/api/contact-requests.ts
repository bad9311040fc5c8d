import { z } from 'zod';
import { emailAddressSchema, phoneSchema, type Identity } from '../contact/identity.js';
import type { OptOut } from '../contact/consent.js';

const social = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{1,31}:@?[^\s:]{1,128}$/i,
    'must be platform:handle, e.g. twitter:@alice',
  );

export const createContactSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    emails: z.array(emailAddressSchema).max(20).default([]),
    phones: z.array(phoneSchema).max(20).default([]),
    handles: z.array(social).max(20).default([]),
  })
  .strict();
export type CreateContact = z.infer<typeof createContactSchema>;

export const updateContactSchema = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    addEmails: z.array(emailAddressSchema).max(20).optional(),
    addPhones: z.array(phoneSchema).max(20).optional(),
    addHandles: z.array(social).max(20).optional(),
  })
  .strict();
export type UpdateContact = z.infer<typeof updateContactSchema>;

export const findContactsSchema = z
  .object({
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
    handle: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type FindContacts = z.infer<typeof findContactsSchema>;

/** A contact as the REST API returns it. */
export interface ContactView {
  id: string;
  name: string | null;
  identities: Identity[];
  /** Channels the contact opted out of (STOP), with when and how; none: an empty list. */
  optOuts: OptOut[];
  createdAt: string;
  updatedAt: string;
}
