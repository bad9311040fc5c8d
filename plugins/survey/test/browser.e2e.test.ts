/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '@casehub/test-support';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import {
  pluginProcess,
  resolvedCase,
  startSurveyPlugin,
  waitFor,
  type PluginProcess,
} from './support.js';

/**
 * The whole path as a customer takes it: the invitation arrives at a real SMTP server, its link
 * is opened in Debian's Chromium, the score is picked with the keyboard only, a comment sent,
 * and the score shows in the core's metrics. SURVEY_SCREENSHOTS=docs refreshes docs/*.png.
 */
const screenshots = fileURLToPath(
  process.env.SURVEY_SCREENSHOTS === 'docs'
    ? new URL('../../../docs/', import.meta.url)
    : new URL('../../../.test-results/screenshots/', import.meta.url),
);

describe('answering a survey in a browser', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let browser: Browser;
  let email: PluginProcess;

  beforeAll(async () => {
    [hub, sink] = await Promise.all([startTestHub({ database: 'postgres' }), startSmtpSink()]);
    // The email plugin as an operator runs it: its own process.
    email = await pluginProcess('@casehub/plugin-email', 'email', hub, {
      SMTP_URL: sink.url,
      EMAIL_FROM: 'Acme Support <support@acme.example>',
      EMAIL_RESOLVED_NOTICE: 'false',
    });
    await startSurveyPlugin(hub);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await email?.stop();
    await Promise.all([hub?.stop(), sink?.stop()]);
  });

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${hub.env.CASEHUB_URL}${path}`, {
      headers: { authorization: `Bearer ${hub.env.CASEHUB_API_KEY}` },
    });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  type Survey = { status: string; answer: { score: number; comment: string | null } | null };
  const surveysOf = (caseId: string) =>
    api<{ items: Survey[] } | Survey[]>(`/v1/cases/${caseId}/surveys`).then((r) =>
      Array.isArray(r) ? r : r.items,
    );

  /** The WCAG 2.1 A/AA rules axe-core checks, on the page as it is now. */
  async function accessibilityViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }),
    );
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  }

  it('goes from the mail to the metrics, with the keyboard only; a plain GET records nothing', async () => {
    const c = await resolvedCase(hub, { email: 'ann.lee@example.com' });
    const [mail] = await sink.waitFor(1, 30_000);
    expect(mail.envelope.to).toEqual(['ann.lee@example.com']);
    const header = (name: string) =>
      mail.parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/s\/[^>]+\/unsubscribe\?lang=en>$/,
    );
    const links = [...String(mail.parsed.html).matchAll(/href="([^"]+\?score=(\d+)[^"]*)"/g)].map(
      (m) => ({ url: m[1].replace(/&amp;/g, '&'), score: Number(m[2]) }),
    );
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    const four = links[3].url;

    // What a mail link scanner does: it fetches, and nothing is recorded.
    expect((await fetch(four)).status).toBe(200);
    await waitFor(async () => expect(await surveysOf(c.id)).toHaveLength(1));
    expect((await surveysOf(c.id))[0]).toMatchObject({ status: 'invited', answer: null });

    // Desktop: the page as the link opens it, checked against WCAG 2.1 AA.
    const desktop = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const wide = await desktop.newPage();
    await wide.goto(four);
    expect(await accessibilityViolations(wide)).toEqual([]);
    await wide.screenshot({ path: `${screenshots}survey-desktop.png`, fullPage: true });
    await desktop.close();

    // Phone: keyboard only.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      bypassCSP: true, // for axe-core's script only: the pages allow no script at all
    });
    const page = await phone.newPage();
    await page.goto(four);
    await page.screenshot({ path: `${screenshots}survey-phone.png`, fullPage: true });
    const checked = () => page.locator('input[name="score"]:checked').getAttribute('value');
    expect(await checked()).toBe('4'); // the mail's button
    // The first Tab reaches the rating group, on its checked radio; an arrow key moves the choice to 5.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
      'score',
    );
    await page.keyboard.press('ArrowRight');
    expect(await checked()).toBe('5');
    // On to the effort question: the first radio takes focus, Space picks it, arrows move on.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
      'ces',
    );
    await page.keyboard.press('Space');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('input[name="ces"]:checked').getAttribute('value')).toBe('6');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment');
    await page.keyboard.type('Quick & friendly <b>help</b>');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/thanks/), page.keyboard.press('Enter')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Thank you!');
    expect(await accessibilityViolations(page)).toEqual([]);
    await phone.close();

    // Stored on the case, and counted.
    const [survey] = await waitFor(async () => {
      const s = await surveysOf(c.id);
      expect(s[0]?.status).toBe('responded');
      return s;
    });
    expect(survey.answer).toMatchObject({ score: 5, comment: 'Quick & friendly <b>help</b>' });
    const metrics = await api<{
      total: {
        csat: { responses: number; score: number | null };
        ces: { mean: number | null };
        responded: number;
        invited: number;
      };
    }>('/v1/metrics/surveys');
    expect(metrics.total.csat).toEqual({ responses: 1, score: 100 });
    expect(metrics.total.ces.mean).toBe(6);
    expect(metrics.total.invited).toBe(1);
    expect(metrics.total.responded).toBe(1);
  });
});
