import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoreApiError, InboundPublisher, PluginConfigError } from '@casehub/plugin-sdk';
import { startTestHub, type TestHub } from '../src/index.js';
import { triagePlugin, TriageModule } from './support/triage-plugin.js';
import { contactFormPlugin, ContactFormModule, teardowns } from './support/contact-form-plugin.js';

const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 100 });

describe.each(['sqlite', 'postgres'] as const)('the testkit on %s', (database) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ database });
    await hub.startPlugin(triagePlugin, TriageModule, { env: { TRIAGE_NOTE: 'Seen by triage' } });
  });
  afterAll(() => hub?.stop());

  it('runs a plugin against the real core: a new case gets its note through the core API', async () => {
    const created = await hub.core.cases.create({
      subject: 'Parcel arrived damaged',
      contact: { email: 'ann@example.com' },
    });
    await waitFor(async () => {
      const { items } = await hub.core.cases.messages(created.id);
      expect(items.map((m) => [m.body, m.visibility])).toEqual([
        [`Seen by triage: #${created.number}`, 'internal'],
      ]);
    });
    const [event] = await hub.events('case.created');
    expect(event.data.case.id).toBe(created.id);
  });

  it('shows the plugin to the core as up, with its manifest', async () => {
    await waitFor(async () => {
      const { items } = await hub.core.call<{ items: Record<string, unknown>[] }>(
        'GET',
        '/v1/plugins',
      );
      expect(items).toContainEqual(
        expect.objectContaining({ name: 'triage', version: '1.2.3', status: 'up' }),
      );
    });
  });

  it('dead-letters a poison event with its error, and the rest flows on', async () => {
    const poison = await hub.core.cases.create({ subject: 'Poison', tags: ['poison'] });
    const fine = await hub.core.cases.create({ subject: 'Fine' });
    await waitFor(async () => {
      const letters = await hub.deadLetters('triage');
      expect(letters.map((l) => [l.event.subject, l.error])).toEqual([
        [poison.id, `refusing case #${poison.number}`],
      ]);
    });
    await waitFor(async () =>
      expect((await hub.core.cases.messages(fine.id)).items).toHaveLength(1),
    );
  });

  it('hands inbound contacts to the core as a channel plugin would', async () => {
    await hub.inbound('triage').message({
      channel: 'email',
      from: { kind: 'email', value: 'Bob@Example.com', name: 'Bob' },
      providerMessageId: '<m1@example.com>',
      receivedAt: new Date().toISOString(),
      subject: 'Where is my refund?',
      body: 'It has been two weeks.',
    });
    await waitFor(async () => {
      const { items } = await hub.core.cases.list({ text: 'refund' });
      expect(items).toHaveLength(1);
      expect(items[0].contact?.email).toBe('bob@example.com');
    });
  });

  it('restarts the core on the same address and data; what plugins publish meanwhile arrives', async () => {
    await hub.restartCore(async () => {
      await expect(hub.core.cases.list({})).rejects.toThrow();
      await hub.inbound('triage').message({
        channel: 'email',
        from: { kind: 'email', value: 'carol@example.com' },
        providerMessageId: '<while-down@example.com>',
        receivedAt: new Date().toISOString(),
        subject: 'Written while the core was down',
        body: 'Hello?',
      });
    });
    await waitFor(async () => {
      const { items } = await hub.core.cases.list({ text: 'while the core was down' });
      expect(items).toHaveLength(1);
    });
    expect((await hub.core.cases.list({ text: 'refund' })).items).toHaveLength(1); // kept
  });

  it('sets up agents, groups and tiers for a test through CoreClient', async () => {
    await hub.core.tiers.put(4, 'Vendor');
    expect((await hub.core.tiers.list()).items).toContainEqual({ level: 4, name: 'Vendor' });
    const group = await hub.core.groups.create({ name: `Vendor desk ${database}`, tier: 4 });
    expect(await hub.core.groups.get(group.id)).toMatchObject({ name: group.name, tier: 4 });
    const agent = await hub.core.agents.create({
      name: 'Vera',
      email: `vera-${database}@example.com`,
      groupId: group.id,
    });
    expect((await hub.core.agents.list()).items.map((a) => a.id)).toContain(agent.id);
    const c = await hub.core.cases.create({ subject: 'to the vendor' });
    const escalated = await hub.core.cases.escalate(c.id, {
      reason: 'vendor bug',
      groupId: group.id,
    });
    expect(escalated).toMatchObject({ groupId: group.id, tier: 4 });
  });

  it('turns a refusal of the core into a CoreApiError naming the field', async () => {
    const err = await hub.core.cases.create({ subject: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreApiError);
    expect(err).toMatchObject({ status: 400, permanent: true });
    expect((err as CoreApiError).problem.errors?.[0]?.pointer).toBe('#/subject');
  });
});

describe('a plugin with a bad setting', () => {
  it('does not start, and the error names the variable', async () => {
    const hub = await startTestHub();
    try {
      const err = await hub
        .startPlugin(triagePlugin, TriageModule, { env: { TRIAGE_NOTE: 'x' } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PluginConfigError);
      expect((err as Error).message).toMatch(/TRIAGE_NOTE: .*3/);
    } finally {
      await hub.stop();
    }
  });
});

describe('a plugin that serves HTTP', () => {
  it('listens on a free local port, turns a posted form into a case, and stops serving when closed', async () => {
    const hub = await startTestHub();
    try {
      const triage = await hub.startPlugin(triagePlugin, TriageModule);
      expect(triage.url).toBeUndefined();
      const form = await hub.startPlugin(contactFormPlugin, ContactFormModule, {
        env: { FORM_TITLE: 'Write to the parcel desk' },
      });
      expect(form.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(form.url).not.toBe('http://127.0.0.1:8080'); // not the port its settings say
      expect(form.get(InboundPublisher)).toBeInstanceOf(InboundPublisher); // still the Nest app

      const page = await fetch(`${form.url}/contact`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<h1>Write to the parcel desk</h1>');

      const posted = await fetch(`${form.url}/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'Cleo@Example.com', message: 'My parcel never came' }),
      });
      expect(posted.status).toBe(201);
      await waitFor(async () => {
        const { items } = await hub.core.cases.list({ text: 'parcel never came' });
        expect(items.map((c) => [c.channel, c.contact?.email])).toEqual([
          ['web', 'cleo@example.com'],
        ]);
      });

      const url = form.url;
      await form.close();
      await expect(fetch(`${url}/contact`)).rejects.toThrow();
      expect(teardowns.count).toBe(1);
    } finally {
      await hub.stop();
    }
    expect(teardowns.count).toBe(1); // stop() does not tear down again what the test closed
  });
});
