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

const email = z.email();

/**
 * Normalises an identity so that one person is found again whatever the spelling:
 * emails lower-cased, phones in E.164, social handles as `platform:handle` in lower case.
 */
export function normalizeIdentity(kind: IdentityKind, raw: string): Identity {
  const value = raw.trim();
  switch (kind) {
    case 'email': {
      if (!email.safeParse(value).success)
        throw new InvalidIdentity(`"${raw}" is not an email address.`);
      return { kind, value: value.toLowerCase() };
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
