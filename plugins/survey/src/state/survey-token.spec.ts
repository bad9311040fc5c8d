import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SurveyRecord } from './survey-state.js';
import { parseSurveyToken, signSurveyToken, tokenMatches } from './survey-token.js';

const secret = 'a'.repeat(40);
const record: SurveyRecord = {
  id: randomUUID(),
  caseId: randomUUID(),
  caseNumber: 7,
  contactId: randomUUID(),
  kind: 'csat',
  askCes: true,
  channel: 'email',
  locale: 'en',
  expires: 1_800_000_000,
  answer: null,
};

describe('survey tokens', () => {
  const token = signSurveyToken(secret, record);

  it('accept the token signed for the survey', () => {
    expect(parseSurveyToken(token)).toMatchObject({ id: record.id, expires: record.expires });
    expect(tokenMatches(secret, token, record)).toBe(true);
  });

  it('reject a token moved to another case or contact, or signed with another secret', () => {
    expect(tokenMatches(secret, token, { ...record, caseId: randomUUID() })).toBe(false);
    expect(tokenMatches(secret, token, { ...record, contactId: randomUUID() })).toBe(false);
    expect(tokenMatches(secret, token, { ...record, kind: 'nps' })).toBe(false);
    expect(tokenMatches('b'.repeat(40), token, record)).toBe(false);
  });

  it('reject a stretched expiry and any changed character of the signature', () => {
    const [id, , sig] = token.split('.');
    const later = `${id}.${(record.expires + 86_400).toString(36)}.${sig}`;
    expect(tokenMatches(secret, later, { ...record, expires: record.expires + 86_400 })).toBe(
      false,
    );
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(tokenMatches(secret, flipped, record)).toBe(false);
  });

  it('reject what is not shaped like a token', () => {
    for (const bad of ['', 'x', `${record.id}..`, `${token}.x`, token.replace('.', '/')]) {
      expect(parseSurveyToken(bad)).toBeNull();
      expect(tokenMatches(secret, bad, record)).toBe(false);
    }
  });
});
