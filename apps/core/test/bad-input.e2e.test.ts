import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
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

  /** A request exactly as written (fetch would re-encode the URL), its answer parsed. */
  const rawHttp = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
    new Promise<{ status: number; type: string; body: any; allow?: string }>((resolve, reject) => {
      const { hostname, port } = new URL(core.url);
      const req = request({ hostname, port, path, method, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: String(res.headers['content-type']),
            body: JSON.parse(text),
            allow: res.headers.allow,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it("a bad percent-encoding in the URL is a 400 problem, not Fastify's own body", async () => {
    const res = await rawHttp('/v1/cases/%E0%A4%A', 'GET', {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(res.status).toBe(400);
    expect(res.type).toContain(PROBLEM);
    expect(res.body.detail).toMatch(/percent/);
  });

  it('a 20 KB URL is a 431 problem that says the limit', async () => {
    const res = await rawHttp(`/v1/cases?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.type).toContain(PROBLEM);
    expect(res.body.detail).toContain('16 KB');
  });

  it('a method a path does not take is a 405 with Allow, not a 404', async () => {
    const res = await rawHttp(`/v1/cases/${caseId}`, 'DELETE', {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(res.status).toBe(405);
    expect(res.type).toContain(PROBLEM);
    expect(res.allow).toBe('GET, HEAD, PATCH');
    const list = await rawHttp('/v1/cases', 'PUT', { authorization: `Bearer ${ADMIN_KEY}` });
    expect(list.status).toBe(405);
    expect(list.allow).toBe('GET, HEAD, POST');
    // A path no route has stays a 404, an empty segment too.
    expect((await rawHttp('/v1/nothing', 'DELETE')).status).toBe(404);
    const empty = await rawHttp('/v1/cases//messages', 'POST', {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(empty.status).toBe(404);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('a %s-encoded body is read', async (encoding, compress) => {
    const res = await raw('/v1/cases', {
      method: 'POST',
      body: compress(JSON.stringify({ subject: `sent as ${encoding}` })),
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { subject: string }).subject).toBe(`sent as ${encoding}`);
  });

  it('an encoding we cannot read is a 415; a corrupt one a 400; neither "malformed JSON"', async () => {
    const unknown = await raw('/v1/cases', {
      method: 'POST',
      body: 'whatever',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-squash' },
    });
    expect(unknown.status).toBe(415);
    const problem = (await unknown.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://casehub.dev/problems/unsupported-encoding');
    expect(problem.detail).toContain('gzip');
    const corrupt = await raw('/v1/cases', {
      method: 'POST',
      body: Buffer.from('not gzip at all'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(corrupt.status).toBe(400);
    expect(((await corrupt.json()) as { detail: string }).detail).toMatch(/decompress/);
  });

  it('a small gzip body that inflates past the limit is a 413 naming the limit', async () => {
    const bomb = gzipSync(JSON.stringify({ subject: 'x', description: ' '.repeat(1_000_000) }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await raw('/v1/cases', {
      method: 'POST',
      body: bomb,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(413);
    const problem = (await res.json()) as { detail: string; limit: string };
    expect(problem.limit).toBe('64kb');
    expect(problem.detail).toContain('64kb');
  });

  it('internationalised email addresses (RFC 6531) are accepted and found again', async () => {
    const created = await core.call('POST', '/v1/cases', {
      subject: 'IDN',
      contact: { name: 'Zoë', email: 'Zoë@Exämple.com' },
    });
    expect(created.status).toBe(201);
    expect(created.body.contact.email).toBe('zoë@exämple.com');
    const found = await core.call(
      'GET',
      `/v1/contacts?email=${encodeURIComponent('ZOË@exämple.com')}`,
    );
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.contact.id]);
    const agent = await core.call('POST', '/v1/agents', { name: 'Иван', email: 'иван@почта.рф' });
    expect(agent.status).toBe(201);
    const contact = await core.call('POST', '/v1/contacts', { emails: ['用户@例子.广告'] });
    expect(contact.status).toBe(201);
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
