import { z } from 'zod';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { InvalidIdentity } from '../errors.js';

/** The kinds of address a contact can be reached at. */
export const IDENTITY_KINDS = ['email', 'phone', 'social'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** One way to reach a contact: an email address, an E.164 phone number or `platform:handle`. */
export interface Identity {
  readonly kind: IdentityKind;
  readonly value: string;
}

// RFC 6531: local part and domain in any script (`zoë@exämple.com`). No quoted local parts, no
// IP literals: a helpdesk writes to people at domains.
const LOCAL_PART = /^(?!\.)(?!.*\.\.)[\p{L}\p{M}\p{N}_'+\-.!#$%&*=?^`{|}~/]{1,64}(?<!\.)$/u;
const LABEL = '[\\p{L}\\p{M}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?';
const DOMAIN = new RegExp(
  `^(?:${LABEL}\\.)+(?:\\p{L}[\\p{L}\\p{M}]{1,62}|xn--[a-z0-9-]{1,59})$`,
  'iu',
);

/** Whether `raw` is an email address a helpdesk can write to, internationalised ones included. */
export function isEmailAddress(raw: string): boolean {
  const at = raw.lastIndexOf('@');
  if (at < 1 || raw.length > 320) return false;
  const domain = raw.slice(at + 1);
  return LOCAL_PART.test(raw.slice(0, at)) && domain.length <= 253 && DOMAIN.test(domain);
}

/** An email address in an API body: ASCII or internationalised (RFC 6531). */
export const emailAddressSchema = z
  .string()
  .max(320)
  .refine(isEmailAddress, 'must be an email address, e.g. zoë@example.com');

/**
 * Normalises an identity so that one person is found again whatever the spelling:
 * emails lower-cased, phones in E.164, social handles as `platform:handle` in lower case.
 */
export function normalizeIdentity(kind: IdentityKind, raw: string): Identity {
  const value = raw.trim();
  switch (kind) {
    case 'email': {
      if (!isEmailAddress(value)) throw new InvalidIdentity(`"${raw}" is not an email address.`);
      return { kind, value: value.normalize('NFC').toLowerCase() };
    }
    case 'phone': {
      try {
        const phone = parsePhoneNumberWithError(value);
        if (!phone.isValid()) throw new Error('invalid');
        return { kind, value: phone.number };
      } catch {
        throw new InvalidIdentity(
          `"${raw}" is not a phone number in international form (E.164, e.g. +4915112345678).`,
        );
      }
    }
    case 'social': {
      const m = /^([a-z][a-z0-9_-]{1,31}):@?([^\s:]{1,128})$/i.exec(value);
      if (!m)
        throw new InvalidIdentity(`"${raw}" is not a social handle of the form platform:handle.`);
      return { kind, value: `${m[1].toLowerCase()}:${m[2].toLowerCase()}` };
    }
  }
}

/** Zod refinement for an E.164 phone field in API bodies. */
export const phoneSchema = z.string().superRefine((v, ctx) => {
  try {
    normalizeIdentity('phone', v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});
