import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, ADMIN_KEY, type TestCore } from './support/core.js';

const PROBLEM = 'application/problem+json';

describe('bad input gets a 4xx problem+json naming what is wrong', () => {
  let core: TestCore;
  let caseId: string;
  beforeAll(async () => {
    core = await startCore('postgres', { CASEHUB_MAX_BODY: '64kb' });
    caseId = (await core.call('POST', '/v1/cases', { subject: 'target' })).body.id;
  });
  afterAll(async () => {
    await core?.close();
  });

  const raw = (path: string, init: RequestInit) =>
    fetch(core.url + path, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(init.headers as object) },
    });

  it('malformed JSON is a 400 malformed-json problem', async () => {
    const res = await raw('/v1/cases', {
      method: 'POST',
      body: '{"subject": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain(PROBLEM);
    expect(((await res.json()) as { type: string }).type).toBe(
      'https://casehub.dev/problems/malformed-json',
    );
  });

  it('an oversized body is a 413', async () => {
    const res = await raw('/v1/cases', {
      method: 'POST',
      body: JSON.stringify({ subject: 'x', description: 'y'.repeat(100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { type: string }).type).toBe(
      'https://casehub.dev/problems/payload-too-large',
    );
  });

  it('a body that is not JSON is a 415', async () => {
    const res = await raw('/v1/cases', {
      method: 'POST',
      body: 'subject=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { type: string }).type).toBe(
      'https://casehub.dev/problems/unsupported-media-type',
    );
  });

  it('wrong types and unknown fields name each field', async () => {
    const res = await core.call('POST', '/v1/cases', {
      subject: 42,
      priority: 'asap',
      colour: 'red',
    });
    expect(res.status).toBe(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['#/colour', '#/priority', '#/subject']);
    expect(res.body.detail).toContain('subject');
  });

  it('a missing body is a 400, not a crash', async () => {
    const res = await core.call('POST', `/v1/cases/${caseId}/transitions`);
    expect(res.status).toBe(400);
  });

  it('status cannot be PATCHed: it has its own endpoint', async () => {
    const res = await core.call('PATCH', `/v1/cases/${caseId}`, { status: 'closed' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('#/status');
  });

  it('unknown ids are 404, unknown routes are 404, both problem+json', async () => {
    for (const path of [
      '/v1/cases/01900000-0000-7000-8000-000000000000',
      '/v1/cases/not-a-case',
      '/v1/nothing-here',
    ]) {
      const res = await core.call('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain(PROBLEM);
    }
  });

  it('an invalid phone number or email in a contact is a 400 on that field', async () => {
    const res = await core.call('POST', '/v1/cases', {
      subject: 's',
      contact: { phone: '0151 123', email: 'nope' },
    });
    expect(res.status).toBe(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['#/contact/email', '#/contact/phone']);
  });

  // Every write endpoint, fed random JSON: never a 5xx.
  const writes: [string, () => string][] = [
    ['POST', () => '/v1/cases'],
    ['PATCH', () => `/v1/cases/${caseId}`],
    ['POST', () => `/v1/cases/${caseId}/transitions`],
    ['POST', () => `/v1/cases/${caseId}/messages`],
    ['POST', () => `/v1/cases/${caseId}/assign`],
    ['POST', () => `/v1/cases/${caseId}/escalate`],
    ['POST', () => `/v1/cases/${caseId}/interactions`],
    ['POST', () => '/v1/contacts'],
    ['PATCH', () => '/v1/contacts/01900000-0000-7000-8000-000000000000'],
    ['POST', () => '/v1/agents'],
    ['PATCH', () => '/v1/agents/01900000-0000-7000-8000-000000000000'],
    ['POST', () => '/v1/groups'],
    ['PUT', () => '/v1/tiers/4'],
    ['POST', () => '/v1/api-keys'],
  ];

  // Bodies shaped like the real ones (known field names) with random values, plus pure noise.
  const fieldNames = [
    'subject',
    'description',
    'channel',
    'priority',
    'contact',
    'tags',
    'customFields',
    'to',
    'reason',
    'tier',
    'groupId',
    'assigneeId',
    'body',
    'visibility',
    'attachments',
    'direction',
    'startedAt',
    'endedAt',
    'talkSeconds',
    'name',
    'email',
    'emails',
    'phones',
    'role',
    'agentId',
    'businessImpact',
    'contactId',
    'handles',
    'active',
  ];
  // Built per test: the case id exists only once beforeAll has run.
  const arbitraryBody = () => {
    const uuid = fc.oneof(
      fc.uuid(),
      fc.constant(caseId),
      fc.constant('01900000-0000-7000-8000-000000000000'),
    );
    const plausible = fc.record(
      {
        subject: fc.string(),
        description: fc.string(),
        body: fc.string(),
        reason: fc.string(),
        name: fc.string(),
        channel: fc.constantFrom('email', 'phone', 'sms', 'carrier-pigeon'),
        priority: fc.constantFrom('low', 'urgent', 'high', ''),
        to: fc.constantFrom('new', 'open', 'pending', 'on_hold', 'resolved', 'closed', 'gone'),
        visibility: fc.constantFrom('public', 'internal', 'secret'),
        direction: fc.constantFrom('inbound', 'outbound', 'sideways'),
        role: fc.constantFrom('admin', 'supervisor', 'agent', 'plugin', 'root'),
        tier: fc.integer({ min: -2, max: 12 }),
        talkSeconds: fc.integer({ min: -5, max: 10_000_000 }),
        assigneeId: fc.option(uuid),
        groupId: uuid,
        agentId: fc.option(uuid),
        contactId: uuid,
        startedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        endedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        tags: fc.array(fc.string(), { maxLength: 4 }),
        emails: fc.array(fc.emailAddress(), { maxLength: 2 }),
        phones: fc.array(fc.constantFrom('+4915112345678', '+1 202 555 0143', '12'), {
          maxLength: 2,
        }),
        customFields: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
        contact: fc.record(
          {
            name: fc.string(),
            email: fc.emailAddress(),
            phone: fc.constantFrom('+4915112345678', 'x'),
          },
          { requiredKeys: [] },
        ),
        businessImpact: fc.record(
          { revenueAtRisk: fc.double(), currency: fc.string(), usersAffected: fc.integer() },
          { requiredKeys: [] },
        ),
        active: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      plausible,
      plausible,
      fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue(), { maxKeys: 8 }),
      fc.jsonValue(),
    );
    return body;
  };

  it.each(writes)('%s %s never answers 5xx to random bodies', async (method, path) => {
    await fc.assert(
      fc.asyncProperty(arbitraryBody(), async (b) => {
        const res = await core.call(method, path(), b);
        expect(res.status, JSON.stringify(b)).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toContain(PROBLEM);
      }),
      { numRuns: 80 },
    );
  });
});
