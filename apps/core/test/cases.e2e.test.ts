import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { ADMIN_KEY, startCore, type TestCore } from './support/core.js';
import { eventually, readMessages, readStream } from './support/nats.js';

describe.each(DATABASES)('case lifecycle over the API on %s', (db) => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startCore(db);
  });
  afterAll(async () => {
    await core?.close();
  });

  it('opens a case with a sequential number, status new, and the contact found by identity', async () => {
    const a = await core.call('POST', '/v1/cases', {
      subject: 'Printer on fire',
      channel: 'email',
      priority: 'high',
      contact: { name: 'Ann Lee', email: 'Ann@Example.com', phone: '+49 151 12345678' },
      tags: ['hardware', 'urgent-fix'],
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      status: 'new',
      priority: 'high',
      channel: 'email',
      tags: ['hardware', 'urgent-fix'],
    });
    expect(a.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.body.contact).toMatchObject({
      name: 'Ann Lee',
      email: 'ann@example.com',
      phone: '+4915112345678',
    });

    const b = await core.call('POST', '/v1/cases', {
      subject: 'Again',
      contact: { email: 'ann@example.com' },
    });
    expect(b.body.number).toBe(a.body.number + 1);
    expect(b.body.contact.id).toBe(a.body.contact.id);
  });

  it('finds one contact when the same new customer writes in concurrently', async () => {
    const email = `race-${db}@example.com`;
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        core.call('POST', '/v1/cases', { subject: `race ${i}`, contact: { email } }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(made.map((r) => r.body.contact.id)).size).toBe(1);
    const found = await core.call('GET', `/v1/contacts?email=${email}`);
    expect(found.body.items).toHaveLength(1);
  });

  it('makes the agent who logs a contact its owner, even when assigning it to someone else', async () => {
    const taker = (
      await core.call('POST', '/v1/agents', { name: 'Taker', email: `taker-${db}@support.test` })
    ).body;
    const worker = (
      await core.call('POST', '/v1/agents', { name: 'Worker', email: `worker-${db}@support.test` })
    ).body;
    const key = (
      await core.call('POST', '/v1/api-keys', { name: 'taker', role: 'agent', agentId: taker.id })
    ).body.key;
    const c = await core.call(
      'POST',
      '/v1/cases',
      { subject: 'Phone call', channel: 'phone', assigneeId: worker.id },
      key,
    );
    expect(c.body).toMatchObject({ ownerId: taker.id, assigneeId: worker.id });
  });

  it('refuses to give a case to a deactivated agent (409, the field at fault), and takes it once reactivated', async () => {
    const gone = (
      await core.call('POST', '/v1/agents', { name: 'Gone', email: `gone-${db}@support.test` })
    ).body;
    expect((await core.call('PATCH', `/v1/agents/${gone.id}`, { active: false })).status).toBe(200);
    const c = (await core.call('POST', '/v1/cases', { subject: 'Who takes it?' })).body;

    for (const [path, body] of [
      ['/v1/cases', { subject: 'Straight to Gone', assigneeId: gone.id }],
      [`/v1/cases/${c.id}/assign`, { assigneeId: gone.id }],
      [`/v1/cases/${c.id}/escalate`, { assigneeId: gone.id, reason: 'x' }],
    ] as const) {
      const refused = await core.call('POST', path, body);
      expect(refused.status, path).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.detail).toContain('deactivated');
      expect(refused.body.errors).toEqual([
        { pointer: '#/assigneeId', detail: 'deactivated agent' },
      ]);
    }
    expect((await core.call('GET', `/v1/cases/${c.id}`)).body).toMatchObject({
      assigneeId: null,
      version: c.version,
    });

    await core.call('PATCH', `/v1/agents/${gone.id}`, { active: true });
    const taken = await core.call('POST', `/v1/cases/${c.id}/assign`, { assigneeId: gone.id });
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe(gone.id);
  });

  it('finds a case by id, by number and by #number', async () => {
    const c = (await core.call('POST', '/v1/cases', { subject: 'Find me' })).body;
    expect((await core.call('GET', `/v1/cases/${c.id}`)).body.subject).toBe('Find me');
    expect((await core.call('GET', `/v1/cases/${c.number}`)).body.id).toBe(c.id);
    expect((await core.call('GET', `/v1/cases/%23${c.number}`)).body.id).toBe(c.id);
    const missing = await core.call('GET', '/v1/cases/999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('walks the lifecycle and refuses illegal moves with 409 and the legal ones', async () => {
    const c = (await core.call('POST', '/v1/cases', { subject: 'Lifecycle' })).body;
    const move = (to: string) => core.call('POST', `/v1/cases/${c.id}/transitions`, { to });
    expect((await move('closed')).status).toBe(409);
    expect((await move('open')).body.status).toBe('open');
    expect((await move('pending')).body.status).toBe('pending');
    const resolved = await move('resolved');
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolvedAt).not.toBeNull();
    const reopened = await move('open');
    expect(reopened.body).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null });
    await move('resolved');
    expect((await move('closed')).body.closedAt).not.toBeNull();
    const after = await move('open');
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({
      type: 'https://casehub.dev/problems/illegal-transition',
      from: 'closed',
      to: 'open',
      allowed: [],
    });

    // Closed is final: a later contact opens a follow-up case linked to it.
    const followUp = await core.call('POST', '/v1/cases', {
      subject: 'Still broken',
      followUpOf: c.id,
    });
    expect(followUp.status).toBe(201);
    expect(followUp.body).toMatchObject({ followUpOf: c.id, status: 'new' });
    const openOne = (await core.call('POST', '/v1/cases', { subject: 'open' })).body;
    const refused = await core.call('POST', '/v1/cases', { subject: 'x', followUpOf: openOne.id });
    expect(refused.status).toBe(409);
  });

  it('keeps the first agent as owner through re-assignment and escalation (touch and hold)', async () => {
    const tier2 = (await core.call('POST', '/v1/groups', { name: `Specialists ${db}`, tier: 2 }))
      .body;
    const ann = (
      await core.call('POST', '/v1/agents', { name: 'Ann', email: `ann-${db}@support.test` })
    ).body;
    const bob = (
      await core.call('POST', '/v1/agents', { name: 'Bob', email: `bob-${db}@support.test` })
    ).body;
    const cy = (
      await core.call('POST', '/v1/agents', {
        name: 'Cy',
        email: `cy-${db}@support.test`,
        groupId: tier2.id,
      })
    ).body;
    const c = (await core.call('POST', '/v1/cases', { subject: 'Owned' })).body;

    const assigned = await core.call('POST', `/v1/cases/${c.id}/assign`, { assigneeId: ann.id });
    expect(assigned.body).toMatchObject({ ownerId: ann.id, assigneeId: ann.id });
    const reassigned = await core.call('POST', `/v1/cases/${c.id}/assign`, { assigneeId: bob.id });
    expect(reassigned.body).toMatchObject({ ownerId: ann.id, assigneeId: bob.id });

    const escalated = await core.call('POST', `/v1/cases/${c.id}/escalate`, {
      groupId: tier2.id,
      assigneeId: cy.id,
      reason: 'Needs a specialist',
    });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({
      ownerId: ann.id,
      assigneeId: cy.id,
      groupId: tier2.id,
      tier: 2,
    });

    const sideways = await core.call('POST', `/v1/cases/${c.id}/escalate`, {
      tier: 1,
      assigneeId: ann.id,
      reason: 'back down',
    });
    expect(sideways.status).toBe(409);
    expect(sideways.body.type).toBe('https://casehub.dev/problems/illegal-escalation');

    // Nobody to hand it to, a tier that does not exist, a tier the group does not work at.
    const orphan = await core.call('POST', `/v1/cases/${c.id}/escalate`, { tier: 3, reason: 'up' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors[0].pointer).toBe('#/groupId');
    const noTier = await core.call('POST', `/v1/cases/${c.id}/escalate`, {
      tier: 9,
      assigneeId: bob.id,
      reason: 'up',
    });
    expect(noTier.status).toBe(422);
    expect(noTier.body.errors[0].pointer).toBe('#/tier');
    const mismatch = await core.call('POST', `/v1/cases/${c.id}/escalate`, {
      tier: 3,
      groupId: tier2.id,
      reason: 'up',
    });
    expect(mismatch.status).toBe(422);

    const unknownAgent = await core.call('POST', `/v1/cases/${c.id}/assign`, {
      assigneeId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknownAgent.status).toBe(422);
    expect(unknownAgent.body.errors[0].pointer).toBe('#/assigneeId');
  });

  it('records messages and interactions; a first public reply stamps the first response and opens the case', async () => {
    const c = (await core.call('POST', '/v1/cases', { subject: 'Talk to me', channel: 'phone' }))
      .body;
    const note = await core.call('POST', `/v1/cases/${c.id}/messages`, {
      body: 'internal only',
      visibility: 'internal',
    });
    expect(note.status).toBe(201);
    expect((await core.call('GET', `/v1/cases/${c.id}`)).body.firstResponseAt).toBeNull();

    await core.call('POST', `/v1/cases/${c.id}/messages`, { body: 'Hello, we are on it.' });
    const now = (await core.call('GET', `/v1/cases/${c.id}`)).body;
    expect(now.status).toBe('open');
    expect(now.firstResponseAt).not.toBeNull();

    const call = await core.call('POST', `/v1/cases/${c.id}/interactions`, {
      channel: 'phone',
      direction: 'inbound',
      startedAt: '2026-11-24T10:00:00Z',
      endedAt: '2026-11-24T10:07:00Z',
      talkSeconds: 360,
      holdSeconds: 30,
      wrapUpSeconds: 60,
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({ talkSeconds: 360, abandoned: false });

    const bad = await core.call('POST', `/v1/cases/${c.id}/interactions`, {
      channel: 'phone',
      direction: 'inbound',
      startedAt: '2026-11-24T10:00:00Z',
      endedAt: '2026-11-24T09:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('#/endedAt');

    const timeline = (await core.call('GET', `/v1/cases/${c.id}/timeline`)).body.items;
    expect(timeline.map((i: { type: string }) => i.type)).toEqual([
      'casehub.case.created.v1',
      'casehub.message.created.v1',
      'casehub.case.status_changed.v1',
      'casehub.message.created.v1',
      'casehub.interaction.recorded.v1',
    ]);
    expect(timeline.map((i: { sequence: number }) => i.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('edits fields, merges custom fields and replaces tags, emitting case.updated with what changed', async () => {
    const c = (
      await core.call('POST', '/v1/cases', {
        subject: 'Edit',
        customFields: { plan: 'pro', seats: 5 },
        tags: ['a'],
      })
    ).body;
    const u = await core.call('PATCH', `/v1/cases/${c.id}`, {
      priority: 'urgent',
      customFields: { seats: 7, plan: null },
      tags: ['b', 'c'],
      businessImpact: { revenueAtRisk: 12000, currency: 'EUR', usersAffected: 40 },
    });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({
      priority: 'urgent',
      customFields: { seats: 7 },
      tags: ['b', 'c'],
      businessImpact: { usersAffected: 40 },
    });
    const timeline = (await core.call('GET', `/v1/cases/${c.id}/timeline`)).body.items;
    expect(timeline.at(-1).detail.changed.sort()).toEqual([
      'businessImpact',
      'customFields',
      'priority',
      'tags',
    ]);
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    const tag = `batch-${db}`;
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        (
          await core.call('POST', '/v1/cases', {
            subject: `Batch ${i} gizmo`,
            tags: [tag],
            channel: i % 2 ? 'chat' : 'sms',
          })
        ).body,
      );
    }
    const page1 = await core.call('GET', `/v1/cases?tag=${tag}&limit=2`);
    expect(page1.body.items.map((c: { number: number }) => c.number)).toEqual([
      made[4].number,
      made[3].number,
    ]);
    // A page holds each case field for field as reading it alone does.
    for (const c of page1.body.items)
      expect(c).toEqual((await core.call('GET', `/v1/cases/${c.id}`)).body);
    const page2 = await core.call(
      'GET',
      `/v1/cases?tag=${tag}&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((c: { number: number }) => c.number)).toEqual([
      made[2].number,
      made[1].number,
    ]);
    const page3 = await core.call(
      'GET',
      `/v1/cases?tag=${tag}&limit=2&cursor=${page2.body.nextCursor}`,
    );
    expect(page3.body.items).toHaveLength(1);
    expect(page3.body.nextCursor).toBeNull();

    const chats = await core.call('GET', `/v1/cases?tag=${tag}&channel=chat`);
    expect(chats.body.items).toHaveLength(2);
    const text = await core.call('GET', `/v1/cases?text=GIZMO&status=new,open`);
    expect(text.body.items.length).toBeGreaterThanOrEqual(5);
    const bad = await core.call('GET', '/v1/cases?status=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toMatch(/^#\/status/);
    expect(bad.body.detail).toContain('query string');
  });

  it('publishes every change to JetStream as a CloudEvent, in per-case order', async () => {
    const c = (await core.call('POST', '/v1/cases', { subject: 'Evented' })).body;
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'open' });
    await core.call('POST', `/v1/cases/${c.id}/transitions`, { to: 'resolved' });
    const mine = await eventually(async () => {
      const events = (await readStream(core.env.NATS_URL, core.env.NATS_STREAM)).filter(
        (e) => e.subject === c.id,
      );
      expect(events).toHaveLength(4);
      return events;
    });
    expect(mine.map((e) => e.type)).toEqual([
      'casehub.case.created.v1',
      'casehub.case.status_changed.v1',
      'casehub.case.status_changed.v1',
      'casehub.case.resolved.v1',
    ]);
    expect(mine[0]).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      source: '/casehub/core',
    });
    expect(mine.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect((mine[3].data as { case: { status: string } }).case.status).toBe('resolved');
  });

  it('answers ETag and refuses a change made from a stale version with 412', async () => {
    const c = await core.call('POST', '/v1/cases', { subject: 'Contended' });
    expect(c.headers.get('etag')).toBe('"1"');
    const stale = (v: string) =>
      fetch(`${core.url}/v1/cases/${c.body.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-type': 'application/json',
          'if-match': v,
        },
        body: JSON.stringify({ priority: 'high' }),
      });
    const first = await stale('"1"');
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const second = await stale('"1"');
    expect(second.status).toBe(412);
    expect(await second.json()).toMatchObject({
      type: 'https://casehub.dev/problems/precondition-failed',
      currentVersion: 2,
    });
  });

  it("carries the caller's W3C trace context to NATS", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${core.url}/v1/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ subject: 'Traced' }),
    });
    const { id } = (await res.json()) as { id: string };
    const msg = await eventually(async () => {
      const found = (await readMessages(core.env.NATS_URL, core.env.NATS_STREAM)).find(
        (m) => m.event.subject === id,
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(msg.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});
