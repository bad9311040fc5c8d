import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './support/core.js';
import { DATABASES } from './support/databases.js';

const PROBLEM = 'application/problem+json';
/** Text both databases store as sent: accents, other scripts, an emoji (a surrogate pair). */
const GOOD = 'Grüße, 你好 👋';
/** Text neither stores as sent: PostgreSQL refuses NUL; an unpaired surrogate has no UTF-8. */
const BAD = ['NUL\u0000here', 'lone \ud800 high', 'lone \udfff low', '\u0000'];

interface Write {
  label: string;
  method: string;
  path: () => string;
  body: () => Record<string, unknown>;
  /** The text fields of `body`, as JSON Pointers; `~key` marks an object key. */
  fields: string[];
}

/** Sets `value` at a JSON Pointer, or renames the key when the last segment starts with `~key`. */
function withText(body: Record<string, unknown>, pointer: string, value: string) {
  const copy = structuredClone(body);
  const parts = pointer.replace(/^#\//, '').split('/');
  const last = parts.pop()!;
  let at: any = copy;
  for (const p of parts) at = at[p];
  if (last.startsWith('~key:')) {
    const key = last.slice('~key:'.length);
    at[key + value] = at[key];
    delete at[key];
  } else if (Array.isArray(at)) at[Number(last)] = value;
  else at[last] = value;
  return copy;
}

describe.each(DATABASES)('text no database stores as sent (%s)', (db) => {
  let core: TestCore;
  let caseId: string;
  let agentId: string;
  beforeAll(async () => {
    core = await startCore(db);
    caseId = (await core.call('POST', '/v1/cases', { subject: 'target' })).body.id;
    const agent = await core.call('POST', '/v1/agents', {
      name: 'Ann',
      email: 'ann@example.com',
    });
    agentId = agent.body.id;
  });
  afterAll(async () => {
    await core?.close();
  });

  let n = 0;
  const unique = () => `${++n}`;
  const writes: Write[] = [
    {
      label: 'POST /v1/cases',
      method: 'POST',
      path: () => '/v1/cases',
      body: () => ({
        subject: 's',
        description: 'd',
        contact: { name: 'n', email: `c${unique()}@example.com` },
        tags: ['t'],
        customFields: { field: 'v' },
        businessImpact: { summary: 's' },
      }),
      fields: [
        '#/subject',
        '#/description',
        '#/contact/name',
        '#/tags/0',
        '#/customFields/field',
        '#/customFields/~key:field',
        '#/businessImpact/summary',
      ],
    },
    {
      label: 'PATCH /v1/cases/:id',
      method: 'PATCH',
      path: () => `/v1/cases/${caseId}`,
      body: () => ({ subject: 's', description: 'd', customFields: { f: 'v' } }),
      fields: ['#/subject', '#/description', '#/customFields/f'],
    },
    {
      label: 'POST /v1/cases/:id/messages',
      method: 'POST',
      path: () => `/v1/cases/${caseId}/messages`,
      body: () => ({ body: 'b', visibility: 'internal' }),
      fields: ['#/body'],
    },
    {
      label: 'POST /v1/cases/:id/interactions',
      method: 'POST',
      path: () => `/v1/cases/${caseId}/interactions`,
      body: () => ({
        channel: 'phone',
        direction: 'inbound',
        startedAt: new Date().toISOString(),
        note: 'n',
      }),
      fields: ['#/note'],
    },
    {
      label: 'POST /v1/contacts',
      method: 'POST',
      path: () => '/v1/contacts',
      body: () => ({ name: 'n', emails: [`k${unique()}@example.com`] }),
      fields: ['#/name'],
    },
    {
      label: 'PATCH /v1/agents/:id',
      method: 'PATCH',
      path: () => `/v1/agents/${agentId}`,
      body: () => ({ name: 'n' }),
      fields: ['#/name'],
    },
    {
      label: 'POST /v1/groups',
      method: 'POST',
      path: () => '/v1/groups',
      body: () => ({ name: `g${unique()}`, description: 'd' }),
      fields: ['#/name', '#/description'],
    },
    {
      label: 'PUT /v1/tiers/4',
      method: 'PUT',
      path: () => '/v1/tiers/4',
      body: () => ({ name: 'n' }),
      fields: ['#/name'],
    },
    {
      label: 'POST /v1/api-keys',
      method: 'POST',
      path: () => '/v1/api-keys',
      body: () => ({ name: 'n', role: 'agent', agentId }),
      fields: ['#/name'],
    },
  ];
  const cases = writes.flatMap((w) => w.fields.map((f) => [w.label, f, w] as const));

  it.each(cases)('%s stores %s with accents and emoji exactly', async (_, field, w) => {
    const good = field === '#/tags/0' ? 'grüße-你好' : GOOD; // a tag is one word
    const res = await core.call(w.method, w.path(), withText(w.body(), field, good));
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    if (w.method !== 'POST' || !w.path().endsWith('/api-keys')) {
      expect(JSON.stringify(res.body)).toContain(good);
    }
  });

  it.each(cases)(
    '%s refuses %s with NUL or an unpaired surrogate: 400 naming it',
    async (_, field, w) => {
      for (const bad of BAD) {
        const res = await core.call(w.method, w.path(), withText(w.body(), field, bad));
        expect(res.status, `${field} = ${JSON.stringify(bad)}`).toBe(400);
        expect(res.headers.get('content-type')).toContain(PROBLEM);
        const pointer = field.replace(/~key:(\w+)$/, `$1${bad}`).replace(/~/g, '~0');
        expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
        expect(res.body.detail).toMatch(/NUL|unpaired surrogate/);
      }
    },
  );

  it('refuses such text in a query string and a path, not a 500', async () => {
    const search = await core.call('GET', '/v1/cases?q=a%00b');
    expect(search.status).toBe(400);
    expect(search.body.errors[0].pointer).toBe('#/q');
    const path = await core.call('GET', '/v1/cases/a%00b');
    expect(path.status).toBe(400);
    expect(path.body.errors[0].pointer).toBe('#/id');
    const contact = await core.call('GET', '/v1/contacts?email=a%00b%40example.com');
    expect(contact.status).toBe(400);
  });

  it('never answers 5xx to any text, anywhere in a case', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...BAD),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...writes[0].fields), async (s, field) => {
        const res = await core.call('POST', '/v1/cases', withText(writes[0].body(), field, s));
        expect(res.status, JSON.stringify(s)).toBeLessThan(500);
        if (res.status < 300 && (field === '#/description' || field === '#/customFields/field')) {
          // Stored, then read back exactly as sent.
          const back = await core.call('GET', `/v1/cases/${res.body.id}`);
          expect(JSON.stringify(back.body)).toContain(JSON.stringify(s).slice(1, -1));
        }
      }),
      { numRuns: 60 },
    );
  });
});
