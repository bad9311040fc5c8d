import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SURVEY_SCALES, scaleScores, type SurveyKind } from '@casehub/domain';
import { MailTemplates } from './templates.js';

const kase = {
  number: 42,
  subject: 'Broken <blender> & jug',
  contact: { name: 'Ann <script>', email: 'ann@example.com' },
};

describe('MailTemplates', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('escapes every value in HTML, not in plain text or the subject', () => {
    const t = new MailTemplates('en');
    const m = t.render('reply', 'en', {
      case: kase,
      team: 'Acme Support',
      message: { body: 'Use <b>this</b> & that.\n\nBest' },
    });
    expect(m.subject).toBe('Re: Broken <blender> & jug');
    expect(m.html).toContain('<p>Use &lt;b&gt;this&lt;/b&gt; &amp; that.</p>');
    expect(m.html).not.toContain('<b>this</b>');
    expect(m.text).toContain('Use <b>this</b> & that.');
    expect(m.text).toContain('Acme Support · #42');
  });

  it('picks the best locale: de-AT falls back to de, an unknown one to the default', () => {
    const t = new MailTemplates('en');
    expect(t.render('ack', 'de-AT', { case: kase }).subject).toMatch(/^Ihre Anfrage/);
    expect(t.render('ack', 'fr', { case: kase }).subject).toMatch(/^We have your request/);
    expect(new MailTemplates('de').render('ack', undefined, { case: kase }).subject).toMatch(
      /^Ihre/,
    );
  });

  it("lets the operator's folder override a template and the layout without rebuilding", async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'mail-templates-'));
    dirs.push(dir);
    await mkdir(join(dir, 'en'));
    await mkdir(join(dir, 'layouts'));
    await writeFile(join(dir, 'en/ack.subject.hbs'), 'Got it: {{case.subject}}');
    await writeFile(join(dir, 'layouts/default.html.hbs'), '<main class="acme">{{{body}}}</main>');
    const m = new MailTemplates('en', dir).render('ack', 'en', { case: kase });
    expect(m.subject).toBe('Got it: Broken <blender> & jug');
    expect(m.html).toMatch(/^<main class="acme"><p>Hello Ann &lt;script&gt;,<\/p>/);
  });

  it('names a missing templates folder', () => {
    expect(() => new MailTemplates('en', '/nowhere/templates')).toThrow(/EMAIL_TEMPLATES_DIR/);
  });
});

describe('the survey invitation', () => {
  const t = new MailTemplates('en');
  const links = (kind: SurveyKind) => ({
    page: 'https://survey.acme.example/s/tok',
    scores: scaleScores(kind).map((score) => ({
      score,
      url: `https://survey.acme.example/s/tok?score=${score}&sig=x`,
    })),
    unsubscribe: 'https://survey.acme.example/u/tok?sig=y',
  });
  const invitation = (kind: SurveyKind, locale: string, askCes = false, l = links(kind)) =>
    t.render('survey', locale, {
      case: { ...kase, subject: '<script>alert(1)</script> Broken & jug' },
      team: 'Acme Support',
      survey: { kind, locale, askCes },
      links: l,
      scale: SURVEY_SCALES[kind],
    });
  /** The HTML's links as a browser reads them: href with entities decoded, text, label. */
  const anchors = (html: string) =>
    [...html.matchAll(/<a href="([^"]*)"(?: aria-label="([^"]*)")?[^>]*>([^<]*)<\/a>/g)].map(
      ([, href, label, text]) => ({ href: decode(href), label: label && decode(label), text }),
    );

  it.each([
    [
      'en',
      'How did we do?',
      'How satisfied are you with the support you received?',
      'How likely are you to recommend us to a friend or colleague?',
    ],
    [
      'de',
      'Wie war unser Support?',
      'Wie zufrieden sind Sie mit der Unterstützung, die Sie erhalten haben?',
      'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
    ],
    [
      'fr',
      'Votre avis sur notre support',
      'Dans quelle mesure êtes-vous satisfait(e) de l’assistance que vous avez reçue\u00a0?',
      'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue\u00a0?',
    ],
    [
      'es',
      '¿Qué tal lo hicimos?',
      '¿Qué grado de satisfacción tiene con la atención que recibió?',
      '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
    ],
  ])('asks in %s, the CSAT or the NPS question', (locale, subject, csat, nps) => {
    for (const [kind, question] of [
      ['csat', csat],
      ['nps', nps],
    ] as const) {
      const m = invitation(kind, locale);
      expect(m.subject).toBe(`${subject} [#42] <script>alert(1)</script> Broken & jug`);
      expect(m.html).toContain(`<html lang="${locale}">`);
      expect(m.html).toContain(question);
      expect(m.text).toContain(question);
      expect(m.html).not.toContain(kind === 'csat' ? nps : csat);
      expect(anchors(m.html)).toHaveLength(links(kind).scores.length + 1);
    }
  });

  it("has one link per CSAT score, 1 to 5 in order, each labelled, with the scale's ends", () => {
    const m = invitation('csat', 'en');
    const scores = anchors(m.html).filter((a) => a.href !== links('csat').unsubscribe);
    expect(scores.map((a) => a.text)).toEqual(['1', '2', '3', '4', '5']);
    expect(scores.map((a) => a.href)).toEqual(links('csat').scores.map((s) => s.url));
    expect(scores.map((a) => a.label)).toEqual([
      '1 out of 5, Very dissatisfied',
      '2 out of 5',
      '3 out of 5',
      '4 out of 5',
      '5 out of 5, Very satisfied',
    ]);
    expect(m.html).toMatch(/>Very dissatisfied<\/td>\s*<td align="right"[^>]*>Very satisfied</);
    // A table lays the buttons out in every mail client; each one is big enough to tap.
    expect(m.html).toMatch(/<table role="presentation"[^>]*>\s*<tr>\s*<td[^>]*>\s*<a href/);
    expect(m.html).toContain('padding:12px 0;');
    // `=` stays as it is: some mail clients and link trackers do not decode `&#x3D;` in an href.
    expect(m.html).toContain('href="https://survey.acme.example/s/tok?score=1&amp;sig=x"');
    expect(m.html).not.toContain('&#x3D;');
  });

  it('has one link per NPS score, 0 to 10 in order, and lists each with its URL in the text', () => {
    const m = invitation('nps', 'de');
    const scores = anchors(m.html).filter((a) => a.href !== links('nps').unsubscribe);
    expect(scores.map((a) => a.text)).toEqual(scaleScores('nps').map(String));
    expect(scores.map((a) => a.href)).toEqual(links('nps').scores.map((s) => s.url));
    expect(scores[0].label).toBe('0 von 10, Äußerst unwahrscheinlich');
    expect(scores[10].label).toBe('10 von 10, Äußerst wahrscheinlich');
    const lines = m.text.split('\n');
    for (const { score, url } of links('nps').scores) {
      expect(lines.filter((l) => l.startsWith(`${score}`) && l.endsWith(`: ${url}`))).toHaveLength(
        1,
      );
    }
    expect(m.text).toContain(
      '0 (Äußerst unwahrscheinlich): https://survey.acme.example/s/tok?score=0&sig=x',
    );
    expect(m.text).toContain(`abmelden: ${links('nps').unsubscribe}`);
  });

  it('links to unsubscribe, and says the page takes a comment (and the CES question when asked)', () => {
    const plain = invitation('csat', 'en');
    expect(anchors(plain.html).at(-1)).toMatchObject({
      href: links('csat').unsubscribe,
      text: 'Unsubscribe from these surveys',
    });
    expect(plain.html).toContain('opens a page where you can add a comment.');
    const ces = invitation('csat', 'en', true);
    expect(ces.html).toContain('add a comment and answer one more short question.');
    expect(ces.text).toContain('add a comment and answer one more short question.');
  });

  it("escapes the case's subject, the contact's name and the links in HTML", () => {
    const l = links('csat');
    l.scores[0].url = 'https://survey.acme.example/s/"><script>x()</script>';
    const m = invitation('csat', 'en', false, l);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Broken &amp; jug');
    expect(m.html).toContain('Hello Ann &lt;script&gt;,');
    expect(anchors(m.html)[0]).toMatchObject({ href: l.scores[0].url, text: '1' });
  });

  it("takes the survey's language, de-AT as de, and a language it has not in the default", () => {
    expect(invitation('nps', 'fr-CA').subject).toMatch(/^Votre avis/);
    expect(invitation('nps', 'fr-CA').html).toContain('<html lang="fr-CA">');
    expect(invitation('nps', 'it').subject).toMatch(/^How did we do\?/);
    expect(invitation('nps', 'it').html).toContain('<html lang="en">');
  });
});

function decode(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#x27|#x60|#x3D);/g,
    (_, e: string) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=' })[e]!,
  );
}
