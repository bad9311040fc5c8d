import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';

describe.each(DATABASES)('case search and list filters on %s', (db) => {
  let core: TestCore;
  /** Case numbers found by a search, newest first. */
  let found: (query: string) => Promise<number[]>;
  const open = async (subject: string, more: Record<string, unknown> = {}) => {
    const res = await core.call('POST', '/v1/cases', { subject, ...more });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number };
  };

  beforeAll(async () => {
    core = await startCore(db);
    found = async (query) => {
      const res = await core.call('GET', `/v1/cases?${query}&limit=100`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((c: { number: number }) => c.number);
    };
  });
  afterAll(async () => {
    await core?.close();
  });

  it('finds words in the subject, the description and the messages, internal notes included', async () => {
    const a = await open('Blender jug cracked', {
      description: 'The parcel came wrapped in zebra tape',
    });
    const b = await open('Question about a voucher');
    await core.call('POST', `/v1/cases/${b.id}/messages`, { body: 'Voucher code WOMBAT-77 fails' });
    const c = await open('Escalated internally');
    await core.call('POST', `/v1/cases/${c.id}/messages`, {
      body: 'Finance says the okapi refund is approved',
      visibility: 'internal',
    });
    expect(await found('q=cracked')).toEqual([a.number]);
    expect(await found('q=zebra')).toEqual([a.number]);
    expect(await found('q=wombat')).toEqual([b.number]);
    expect(await found('q=okapi')).toEqual([c.number]);
    // Words are ANDed over all of a case's text: subject and message together.
    expect(await found('q=voucher+wombat')).toEqual([b.number]);
    expect(await found('q=voucher+zebra')).toEqual([]);
  });

  it('ignores case and accents, in German, French and Spanish', async () => {
    const de = await open('Rückerstattung für die Bestellung', {
      description: 'Lieferung in die Hauptstraße in Köln',
    });
    const fr = await open('Crème brûlée et œuvre', { description: 'Livraison à Besançon' });
    const es = await open('El niño pidió una cafetera', { description: 'Entrega en Logroño' });
    expect(await found('q=RUCKERSTATTUNG')).toEqual([de.number]);
    expect(await found('q=rückerstattung')).toEqual([de.number]);
    expect(await found('q=hauptstrasse+koln')).toEqual([de.number]);
    expect(await found(`q=${encodeURIComponent('HAUPTSTRASSE')}`)).toEqual([de.number]);
    expect(await found('q=creme+brulee+oeuvre+besancon')).toEqual([fr.number]);
    expect(await found(`q=${encodeURIComponent('Œuvre')}`)).toEqual([fr.number]);
    expect(await found('q=nino+logrono')).toEqual([es.number]);
  });

  it('matches "quoted phrases" as adjacent words, prefix*, -exclusions and OR', async () => {
    const a = await open('Refund nicht erhalten', { description: 'marker-pqr remboursement' });
    const b = await open('Erhalten, nicht bezahlt', { description: 'marker-pqr spam' });
    const c = await open('Totally different', { description: 'marker-pqr rembourser' });
    expect(await found(`q=${encodeURIComponent('"nicht erhalten"')}`)).toEqual([a.number]);
    expect(await found(`q=${encodeURIComponent('"erhalten nicht"')}`)).toEqual([b.number]);
    expect(await found('q=nicht+erhalten')).toEqual([b.number, a.number]);
    expect(await found(`q=${encodeURIComponent('rembours* pqr')}`)).toEqual([c.number, a.number]);
    expect(await found(`q=${encodeURIComponent('marker-pqr -spam')}`)).toEqual([
      c.number,
      a.number,
    ]);
    expect(await found(`q=${encodeURIComponent('marker-pqr -"nicht erhalten"')}`)).toEqual([
      c.number,
      b.number,
    ]);
    expect(await found(`q=${encodeURIComponent('spam OR remboursement pqr')}`)).toEqual([
      b.number,
      a.number,
    ]);
  });

  it('reads punctuation as a space on both sides: addresses, order numbers, hyphens', async () => {
    const a = await open('Order A-1042 never arrived', {
      description: 'Write to ann.lee@example.org, she uses e-mail only',
    });
    expect(await found('q=A-1042')).toEqual([a.number]);
    expect(await found('q=1042')).toEqual([a.number]);
    expect(await found(`q=${encodeURIComponent('ann.lee@example.org')}`)).toEqual([a.number]);
    expect(await found('q=example.org+email')).toEqual([]);
    expect(await found('q=example.org+e-mail')).toEqual([a.number]);
  });

  it('searches again after the subject or description changes', async () => {
    const a = await open('Printer jams', { description: 'on every capybara page' });
    expect(await found('q=capybara')).toEqual([a.number]);
    const patched = await core.call('PATCH', `/v1/cases/${a.id}`, { description: 'on every page' });
    expect(patched.status).toBe(200);
    await core.call('POST', `/v1/cases/${a.id}/transitions`, { to: 'open' });
    expect(await found('q=capybara')).toEqual([]);
    expect(await found('q=printer+jams')).toEqual([a.number]);
  });

  it('pages through a search with a cursor, newest first, filters included', async () => {
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await open(`Kettle ${i} leaks narwhal`, { tags: [i % 2 ? 'odd' : 'even'] }));
    const numbers = made.map((c) => c.number).reverse();
    const seen: number[] = [];
    let cursor: string | null = '';
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const res = await core.call(
        'GET',
        `/v1/cases?q=narwhal&limit=2${cursor && `&cursor=${cursor}`}`,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { number: number }) => c.number));
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual(numbers);
    expect(cursor).toBeNull();
    expect(await found('q=narwhal&tag=odd')).toEqual([numbers[1], numbers[3]]);
    await core.call('POST', `/v1/cases/${made[0].id}/transitions`, { to: 'open' });
    expect(await found('q=narwhal&status=open')).toEqual([made[0].number]);
    expect(await found('q=narwhal&status=new&channel=api')).toEqual(numbers.slice(0, 4));
  });

  it('keeps text working as the same search under its first name', async () => {
    const a = await open('Toaster sparks like a firework');
    expect(await found('text=FIREWORK')).toEqual([a.number]);
    expect(await found(`text=${encodeURIComponent('firew*')}`)).toEqual([a.number]);
    const both = await core.call('GET', '/v1/cases?q=toaster&text=toaster');
    expect(both.status).toBe(400);
    expect(both.body.errors[0]).toMatchObject({
      pointer: '#/text',
      detail: 'give q or text, not both',
    });
  });

  it.each([
    ['q', '"unclosed', 'a quoted phrase is not closed'],
    ['q', '-onlyout', '-terms only leave cases out'],
    ['q', 'x*', 'a prefix is at least 2 letters or digits'],
    ['q', 'a OR', 'OR goes between two terms'],
    ['text', '%21%21%21', 'has no letters or digits'],
  ])('answers bad syntax in %s=%s with a 400 naming it', async (name, value, why) => {
    const res = await core.call('GET', `/v1/cases?${name}=${value}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].pointer).toBe(`#/${name}`);
    expect(res.body.errors[0].detail).toContain(why);
  });
});
