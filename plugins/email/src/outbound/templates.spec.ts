import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
