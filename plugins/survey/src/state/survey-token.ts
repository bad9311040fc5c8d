import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SurveyRecord } from './survey-state.js';

type Signed = Pick<SurveyRecord, 'id' | 'caseId' | 'contactId' | 'kind' | 'expires'>;

/**
 * Survey links carry `<survey id>.<expiry>.<HMAC-SHA256>`: the signature covers the survey,
 * its case, its contact, its kind and the expiry, so a link cannot be guessed, altered, moved to
 * another case or stretched past its window. The survey id is a random UUID (122 bits) as well.
 */
export function signSurveyToken(secret: string, s: Signed): string {
  return `${s.id}.${s.expires.toString(36)}.${mac(secret, s)}`;
}

/** The parts of a token, or null when it is not shaped like one of ours. */
export function parseSurveyToken(
  token: string,
): { id: string; expires: number; mac: string } | null {
  const m = /^([0-9a-f-]{36})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1], expires: parseInt(m[2], 36), mac: m[3] } : null;
}

/** Whether `token` is the one we signed for `record` (compared in constant time). */
export function tokenMatches(secret: string, token: string, record: SurveyRecord): boolean {
  const parts = parseSurveyToken(token);
  if (!parts || parts.id !== record.id || parts.expires !== record.expires) return false;
  const expected = Buffer.from(mac(secret, record));
  const given = Buffer.from(parts.mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function mac(secret: string, s: Signed): string {
  return createHmac('sha256', secret)
    .update(['casehub-survey-v1', s.id, s.caseId, s.contactId, s.kind, s.expires].join('|'))
    .digest('base64url');
}
