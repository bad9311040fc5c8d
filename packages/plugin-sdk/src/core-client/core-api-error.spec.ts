import { describe, expect, it } from 'vitest';
import { isPermanent, PermanentFailure } from '../permanent-failure.js';
import { CoreApiError } from './core-api-error.js';

describe('CoreApiError', () => {
  it.each([400, 403, 404, 409, 422])('%i is permanent: retrying the same call cannot help', (s) => {
    expect(isPermanent(new CoreApiError('POST', '/v1/cases', s, {}))).toBe(true);
  });

  it.each([408, 412, 429, 500, 503])('%i is worth a retry', (s) => {
    expect(isPermanent(new CoreApiError('POST', '/v1/cases', s, {}))).toBe(false);
  });

  it('says what the core said, with the fields at fault', () => {
    const err = new CoreApiError('POST', '/v1/cases', 400, {
      title: 'Bad Request',
      detail: 'subject is missing',
      errors: [{ pointer: '#/subject', detail: 'Required' }],
    });
    expect(err.message).toBe(
      'POST /v1/cases → 400 Bad Request: subject is missing (#/subject: Required)',
    );
  });

  it('leaves other errors to the retry policy', () => {
    expect(isPermanent(new Error('socket hang up'))).toBe(false);
    expect(isPermanent(new PermanentFailure('gone'))).toBe(true);
  });
});
