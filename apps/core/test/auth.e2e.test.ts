import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './support/core.js';
import { eventually } from './support/nats.js';

describe('API keys and roles', () => {
  let core: TestCore;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    core = await startCore('postgres');
    const agent = (
      await core.call('POST', '/v1/agents', { name: 'Ann', email: 'ann@support.test' })
    ).body;
    const supervisor = (
      await core.call('POST', '/v1/agents', {
        name: 'Sue',
        email: 'sue@support.test',
        role: 'supervisor',
      })
    ).body;
    const agentOf = { agent: agent.id, supervisor: supervisor.id, plugin: null };
    for (const role of ['agent', 'supervisor', 'plugin'] as const) {
      const res = await core.call('POST', '/v1/api-keys', {
        name: `${role} key`,
        role,
        agentId: agentOf[role],
      });
      expect(res.status).toBe(201);
      keys[role] = res.body.key;
    }
  });
  afterAll(async () => {
    await core?.close();
  });

  it('answers 401 problem+json without a key or with a wrong one', async () => {
    for (const key of [null, 'chk_wrong', 'x']) {
      const res = await core.call('GET', '/v1/cases', undefined, key);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.body.type).toBe('https://casehub.dev/problems/unauthorized');
    }
  });

  it('stores only a hash of each key', async () => {
    const db = new pg.Client({ connectionString: core.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query('SELECT prefix, hash FROM api_keys');
    await db.end();
    expect(rows).toHaveLength(3);
    for (const secret of Object.values(keys)) {
      expect(secret).toMatch(/^chk_[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(rows)).not.toContain(secret);
    }
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });

  it('checks roles on every route: agents work cases, only admins manage keys and agents', async () => {
    const asAgent = (m: string, p: string, b?: unknown) => core.call(m, p, b, keys.agent);
    const created = await asAgent('POST', '/v1/cases', { subject: 'by agent' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ownerId: expect.any(String),
      assigneeId: created.body.ownerId,
    });

    const forbidden = await asAgent('POST', '/v1/api-keys', { name: 'x', role: 'admin' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      type: 'https://casehub.dev/problems/forbidden',
      requiredRoles: ['admin'],
    });
    expect((await asAgent('POST', '/v1/agents', { name: 'B', email: 'b@x.test' })).status).toBe(
      403,
    );
    expect((await asAgent('POST', '/v1/groups', { name: 'G' })).status).toBe(403);
    expect((await core.call('POST', '/v1/groups', { name: 'G' }, keys.supervisor)).status).toBe(
      201,
    );
    expect((await core.call('GET', '/v1/api-keys', undefined, keys.supervisor)).status).toBe(403);

    // A plugin may read cases and post messages, but not escalate (an agent's decision).
    const plugin = (m: string, p: string, b?: unknown) => core.call(m, p, b, keys.plugin);
    expect((await plugin('GET', `/v1/cases/${created.body.id}`)).status).toBe(200);
    expect(
      (await plugin('POST', `/v1/cases/${created.body.id}/messages`, { body: 'delivered' })).status,
    ).toBe(201);
    expect(
      (await plugin('POST', `/v1/cases/${created.body.id}/escalate`, { reason: 'x' })).status,
    ).toBe(403);
  });

  it('health and API docs are public; the OpenAPI document is 3.1', async () => {
    expect((await core.call('GET', '/health/live', undefined, null)).status).toBe(200);
    const doc = await core.call('GET', '/openapi.json', undefined, null);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/v1/cases/{id}/transitions');
    // Keys are opaque, not JWTs: a client generator must not try to decode them.
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({
      scheme: 'bearer',
      bearerFormat: 'API key',
    });
    const metrics = await fetch(`${core.url}/metrics`);
    expect(await metrics.text()).toContain('casehub_outbox_published_total');
  });

  it('a revoked key stops working at once', async () => {
    const made = (await core.call('POST', '/v1/api-keys', { name: 'temp', role: 'agent' })).body;
    expect((await core.call('GET', '/v1/cases', undefined, made.key)).status).toBe(200);
    expect((await core.call('DELETE', `/v1/api-keys/${made.id}`)).body.revokedAt).not.toBeNull();
    expect((await core.call('GET', '/v1/cases', undefined, made.key)).status).toBe(401);
  });

  it('never gives a key more rights than its agent, and stops it when the agent leaves', async () => {
    const dan = (await core.call('POST', '/v1/agents', { name: 'Dan', email: 'dan@support.test' }))
      .body;
    const tooStrong = await core.call('POST', '/v1/api-keys', {
      name: 'x',
      role: 'admin',
      agentId: dan.id,
    });
    expect(tooStrong.status).toBe(422);
    expect(tooStrong.body.errors[0].pointer).toBe('#/role');

    const key = (
      await core.call('POST', '/v1/api-keys', { name: 'dan', role: 'agent', agentId: dan.id })
    ).body;
    expect((await core.call('GET', '/v1/cases', undefined, key.key)).status).toBe(200);
    await eventually(async () => {
      const listed = (await core.call('GET', '/v1/api-keys')).body.items.find(
        (k: { id: string }) => k.id === key.id,
      );
      expect(listed.lastUsedAt).not.toBeNull();
    });

    await core.call('PATCH', `/v1/agents/${dan.id}`, { active: false });
    expect((await core.call('GET', '/v1/cases', undefined, key.key)).status).toBe(401);
    // Other replicas cache a key for up to 10 s; a fresh one sees the change at once.
    const other = await startCore('postgres', {
      DATABASE_URL: core.env.DATABASE_URL,
      NATS_STREAM: core.env.NATS_STREAM,
      NATS_SUBJECT_PREFIX: core.env.NATS_SUBJECT_PREFIX,
      DATABASE_MIGRATE: 'false',
    });
    try {
      expect((await other.call('GET', '/v1/cases', undefined, key.key)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("lets a key act at most with its agent's current role (a demoted supervisor loses rights)", async () => {
    const eve = (
      await core.call('POST', '/v1/agents', {
        name: 'Eve',
        email: 'eve@support.test',
        role: 'supervisor',
      })
    ).body;
    const key = (
      await core.call('POST', '/v1/api-keys', { name: 'eve', role: 'supervisor', agentId: eve.id })
    ).body.key;
    expect((await core.call('POST', '/v1/groups', { name: 'Eve 1' }, key)).status).toBe(201);
    await core.call('PATCH', `/v1/agents/${eve.id}`, { role: 'agent' });
    expect((await core.call('POST', '/v1/groups', { name: 'Eve 2' }, key)).status).toBe(403);
    expect((await core.call('GET', '/v1/cases', undefined, key)).status).toBe(200);
  });
});
