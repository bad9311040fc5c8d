import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '@casehub/domain';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import { SurveyState } from '../src/state/survey-state.js';
import { signSurveyToken } from '../src/state/survey-token.js';
import { postForm, resolvedCase, SECRET, startSurveyPlugin, waitFor } from './support.js';

type Decision = CloudEvent<'inbound.survey_decision'>['data'];

describe('survey plugin', () => {
  let hub: TestHub;
  let pages: string;

  beforeAll(async () => {
    hub = await startTestHub();
    ({ url: pages } = await startSurveyPlugin(hub, {
      SURVEY_EXCLUDE_TAGS: 'no-survey',
      SURVEY_RATE_LIMIT_PER_TOKEN: '15',
    }));
  });
  afterAll(() => hub?.stop());

  const decisionFor = (caseId: string, n = 1) =>
    waitFor(async () => {
      const all = (await hub.events('inbound.survey_decision')).filter(
        (e) => e.data.caseId === caseId,
      );
      expect(all).toHaveLength(n);
      return all.map((e) => e.data);
    });
  const invitation = async (
    caseId: string,
  ): Promise<Decision & { links: NonNullable<Decision['links']> }> => {
    const [d] = await decisionFor(caseId);
    expect(d.decision).toBe('invite');
    return d as Decision & { links: NonNullable<Decision['links']> };
  };
  const responses = async (surveyId: string) =>
    (await hub.events('inbound.survey_response'))
      .filter((e) => e.data.surveyId === surveyId)
      .map((e) => e.data);

  it('invites the contact of a resolved case with one signed link per score and an unsubscribe link', async () => {
    const c = await resolvedCase(hub, { locale: 'de-AT' });
    const d = await invitation(c.id);
    expect(d).toMatchObject({
      kind: 'csat',
      channel: 'email',
      locale: 'de',
      askCes: true,
      contactId: c.contact!.id,
    });
    expect(d.links.scores.map((s) => s.score)).toEqual([1, 2, 3, 4, 5]);
    expect(d.links.scores[4].url).toMatch(
      new RegExp(`^${pages}/s/[0-9a-f-]{36}\\.[0-9a-z]+\\.[\\w-]{43}\\?score=5&lang=de$`),
    );
    expect(d.links.unsubscribe).toMatch(/\/unsubscribe\?lang=de$/);
    const window = Date.parse(d.expiresAt!) - Date.parse(d.decidedAt);
    expect(window).toBeGreaterThan(14 * 86_400_000 - 1000); // whole seconds
    expect(window).toBeLessThanOrEqual(14 * 86_400_000);
  });

  it('shows the clicked score chosen on a GET (what mail scanners do) and records nothing', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(d.links.scores[3].url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toMatch(
        /^default-src 'none'; style-src 'sha256-/,
      );
      const html = await res.text();
      expect(html).toMatch(/<html lang="en">/);
      expect(html).toMatch(/<input type="radio" name="score" value="4" checked/);
      expect(html).not.toMatch(/value="[1235]" checked/);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await responses(d.surveyId)).toEqual([]);
  });

  it('records an answer by POST, lets it be changed, and hands each revision to the core', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    const page = d.links.page;
    const first = await postForm(page, { score: '2', ces: '3', comment: 'Took three calls' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/\/thanks\?lang=en$/);
    const thanks = await fetch(new URL(first.headers.get('location')!, pages));
    expect(await thanks.text()).toContain('Thank you!');
    const second = await postForm(page, {
      score: '5',
      ces: '6',
      comment: '<script>alert(1)</script> fixed now',
    });
    expect(second.status).toBe(303);
    const answers = await waitFor(async () => {
      const r = await responses(d.surveyId);
      expect(r).toHaveLength(2);
      return r;
    });
    expect(answers.map((a) => [a.revision, a.score, a.ces])).toEqual([
      [1, 2, 3],
      [2, 5, 6],
    ]);
    expect(answers[1]).toMatchObject({
      caseId: c.id,
      comment: '<script>alert(1)</script> fixed now',
    });
    // The page shows the answer kept, the comment escaped.
    const html = await (await fetch(page)).text();
    expect(html).toMatch(/value="5" checked/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; fixed now');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Update my answer');
  });

  it('keeps taking answers while the core restarts; the core gets them when it is back', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    await hub.restartCore(async () => {
      expect((await fetch(d.links.scores[0].url)).status).toBe(200);
      const res = await postForm(d.links.page, { score: '1', comment: 'Nobody called back' });
      expect(res.status).toBe(303);
    });
    await waitFor(async () => {
      const [survey] = (
        await hub.core.call<{ items: { answer: { score: number; comment: string } | null }[] }>(
          'GET',
          `/v1/cases/${c.id}/surveys`,
        )
      ).items;
      expect(survey.answer).toMatchObject({ score: 1, comment: 'Nobody called back' });
    });
  });

  it('answers a bad form with 422 naming the field, and records nothing', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    const res = await postForm(d.links.page, { score: '9', comment: 'nine?' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Choose a score.');
    expect(html).toMatch(/aria-invalid="true" aria-describedby="score-error"/);
    expect(html).toContain('nine?'); // what they wrote is kept
    expect(await responses(d.surveyId)).toEqual([]);
  });

  it('refuses forged, altered and expired links with a clear page and records nothing', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    const token = new URL(d.links.page).pathname.split('/')[2];
    const [id, exp, mac] = token.split('.');
    const variants = {
      forged: `${crypto.randomUUID()}.${exp}.${mac}`,
      altered: `${id}.${exp}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      stretched: `${id}.${(parseInt(exp, 36) + 86_400).toString(36)}.${mac}`,
      garbage: 'not-a-token',
    };
    for (const [what, t] of Object.entries(variants)) {
      const get = await fetch(`${pages}/s/${t}?score=5`);
      expect(get.status, what).toBe(404);
      expect(await get.text()).toContain('This survey link does not work');
      const post = await postForm(`${pages}/s/${t}`, { score: '5' });
      expect(post.status, what).toBe(404);
    }
    // A link whose window has closed (signed properly, expired yesterday).
    const state = await SurveyState.open(hub.nc, hub.stream);
    const old = (await state.survey(id))!.value;
    const expired = {
      ...old,
      id: crypto.randomUUID(),
      expires: Math.floor(Date.now() / 1000) - 86_400,
    };
    await state.putSurvey(expired);
    const closed = signSurveyToken(SECRET, expired);
    const get = await fetch(`${pages}/s/${closed}`, {
      headers: { 'accept-language': 'fr-CH, fr;q=0.9' },
    });
    expect(get.status).toBe(410);
    expect(await get.text()).toContain('Cette enquête est close');
    expect((await postForm(`${pages}/s/${closed}`, { score: '5' })).status).toBe(410);
    await new Promise((r) => setTimeout(r, 300));
    expect(await responses(d.surveyId)).toEqual([]);
    expect(await responses(expired.id)).toEqual([]);
  });

  it('speaks the lang parameter first, then Accept-Language', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    const bare = d.links.page.replace(/\?.*$/, '');
    const es = await (
      await fetch(`${bare}?lang=es`, { headers: { 'accept-language': 'de' } })
    ).text();
    expect(es).toMatch(/<html lang="es">/);
    expect(es).toContain('¿Qué tan satisfecho/a está');
    const de = await (
      await fetch(bare, { headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' } })
    ).text();
    expect(de).toMatch(/<html lang="de">/);
    expect(de).toContain('Wie zufrieden sind Sie');
  });

  it('limits requests per link', async () => {
    const c = await resolvedCase(hub);
    const d = await invitation(c.id);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(d.links.page)).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(15)).toEqual([429, 429, 429, 429, 429]);
    const limited = await fetch(d.links.page);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('records each decision not to send with its reason', async () => {
    const tagged = await resolvedCase(hub, { tags: ['no-survey'] });
    expect((await decisionFor(tagged.id))[0]).toMatchObject({
      decision: 'skip',
      reason: 'excluded_tag',
      links: null,
    });
    const chat = await resolvedCase(hub, { channel: 'chat' });
    expect((await decisionFor(chat.id))[0]).toMatchObject({
      decision: 'skip',
      reason: 'channel_unsupported',
    });
    // The same contact again within 30 days: throttled.
    const email = `repeat.${Date.now()}@example.com`;
    await invitation((await resolvedCase(hub, { email })).id);
    const again = await resolvedCase(hub, { email });
    expect((await decisionFor(again.id))[0]).toMatchObject({
      decision: 'skip',
      reason: 'throttled',
    });
    // One survey per case: reopened and resolved again.
    const c = await resolvedCase(hub);
    await invitation(c.id);
    await hub.core.cases.transition(c.id, { to: 'open' });
    await hub.core.cases.transition(c.id, { to: 'resolved' });
    const both = await decisionFor(c.id, 2);
    expect(both[1]).toMatchObject({ decision: 'skip', reason: 'already_surveyed' });
  });

  it('opts the contact out by RFC 8058 one-click POST; a GET only asks', async () => {
    const email = `optout.${Date.now()}@example.com`;
    const c = await resolvedCase(hub, { email });
    const d = await invitation(c.id);
    const ask = await fetch(d.links.unsubscribe);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Unsubscribe from surveys');
    const state = await SurveyState.open(hub.nc, hub.stream);
    expect(await state.optedOut(c.contact!.id)).toBe(false);
    const res = await postForm(d.links.unsubscribe, { 'List-Unsubscribe': 'One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await state.optedOut(c.contact!.id)).toBe(true);
    await waitFor(async () =>
      expect((await hub.core.contacts.get(c.contact!.id)).optOuts).toMatchObject([
        { channel: 'email', topic: 'surveys', source: 'survey unsubscribe link' },
      ]),
    );
    const next = await resolvedCase(hub, { email });
    expect((await decisionFor(next.id))[0]).toMatchObject({
      decision: 'skip',
      reason: 'opted_out',
    });
  });
});
