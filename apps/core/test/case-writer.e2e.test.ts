import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';

/**
 * The writer saves each change in one step guarded by the version the case was read at: changes
 * racing on one case are each applied once, in some order, none lost and none applied twice.
 */
describe.each(DATABASES)('concurrent changes to one case on %s', (db) => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startCore(db);
  });
  afterAll(async () => {
    await core?.close();
  });

  const open = async () => {
    const created = await core.call('POST', '/v1/cases', {
      subject: 'Busy case',
      channel: 'email',
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; number: number };
  };

  it('applies every one of many simultaneous edits, each as its own version', async () => {
    const c = await open();
    const edits = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        core.call('PATCH', `/v1/cases/${c.id}`, { customFields: { [`field${i}`]: i } }),
      ),
    );
    expect(edits.map((r) => r.status)).toEqual(Array(16).fill(200));
    const now = await core.call('GET', `/v1/cases/${c.id}`);
    expect(now.body.version).toBe(17);
    expect(Object.keys(now.body.customFields).sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => `field${i}`).sort(),
    );
    // Every version was answered to exactly one edit, and the history has no gap.
    expect(edits.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 2),
    );
    const timeline = await core.call('GET', `/v1/cases/${c.id}/timeline`);
    expect(timeline.body.items.map((e: { sequence: number }) => e.sequence)).toEqual(
      Array.from({ length: 17 }, (_, i) => i + 1),
    );
  });

  it('counts only one first response when agents reply to a new case at once', async () => {
    const ada = await core.call('POST', '/v1/agents', { name: 'Ada', email: `ada-w-${db}@x.test` });
    const key = await core.call('POST', '/v1/api-keys', {
      name: 'ada',
      role: 'agent',
      agentId: ada.body.id,
    });
    const c = await open();
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        core.call('POST', `/v1/cases/${c.id}/messages`, { body: `reply ${i}` }, key.body.key),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(201));
    const timeline = await core.call('GET', `/v1/cases/${c.id}/timeline`);
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'casehub.case.status_changed.v1')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'casehub.message.created.v1')).toHaveLength(6);
    const now = await core.call('GET', `/v1/cases/${c.id}`);
    expect(now.body).toMatchObject({ status: 'open', version: 8 });
  });

  it('lets one contact open many cases at once, each with the same contact', async () => {
    const email = `regular-${db}@example.com`;
    await core.call('POST', '/v1/cases', { subject: 'first', contact: { email } });
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        core.call('POST', '/v1/cases', { subject: `again ${i}`, contact: { email, name: 'Reg' } }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(made.map((r) => r.body.contact.id)).size).toBe(1);
    // The contact had no name: the first case that brought one gave it, the others found it.
    expect(made.every((r) => r.body.contact.name === 'Reg')).toBe(true);
  });

  it("adds an identity a known contact did not have yet, and shows it on the contact's next case", async () => {
    const email = `known-${db}@example.com`;
    const first = await core.call('POST', '/v1/cases', { subject: 'one', contact: { email } });
    expect(first.body.contact.phone).toBeNull();
    const second = await core.call('POST', '/v1/cases', {
      subject: 'two',
      contact: { email, phone: '+4915112345679' },
    });
    expect(second.body.contact).toEqual({
      id: first.body.contact.id,
      name: null,
      email,
      phone: '+4915112345679',
      handles: [],
    });
    const contact = await core.call('GET', `/v1/contacts/${first.body.contact.id}`);
    expect(contact.body.identities).toEqual([
      { kind: 'email', value: email },
      { kind: 'phone', value: '+4915112345679' },
    ]);
  });

  it('refuses to save a change made to a version the client did not see (If-Match)', async () => {
    const c = await open();
    await core.call('PATCH', `/v1/cases/${c.id}`, { priority: 'high' });
    const stale = await fetch(`${core.url}/v1/cases/${c.id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${core.env.CASEHUB_ADMIN_KEY}`,
        'content-type': 'application/json',
        'if-match': '"1"',
      },
      body: JSON.stringify({ priority: 'low' }),
    });
    expect(stale.status).toBe(412);
    expect((await core.call('GET', `/v1/cases/${c.id}`)).body).toMatchObject({
      priority: 'high',
      version: 2,
    });
  });
});
