import { randomBytes } from 'node:crypto';
import { vi } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { surveyPlugin } from '../src/survey.plugin.js';
import { SurveyModule } from '../src/survey.module.js';

export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 20_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

export const SECRET = randomBytes(32).toString('hex');

/** Runs the survey plugin in the hub, its pages on a free port; returns their base URL. */
export async function startSurveyPlugin(
  hub: TestHub,
  env: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await hub.startPlugin(surveyPlugin, SurveyModule, {
    env: {
      SURVEY_PUBLIC_URL: url,
      SURVEY_PORT: String(port),
      SURVEY_HOST: '127.0.0.1',
      SURVEY_SECRET: SECRET,
      SURVEY_DELAY_SECONDS: '0',
      ...env,
    },
  });
  return { url, close: () => app.close() };
}

/** A case a customer opened by email, worked and resolved. */
export async function resolvedCase(
  hub: TestHub,
  opts: { email?: string; tags?: string[]; locale?: string; channel?: CaseView['channel'] } = {},
): Promise<CaseView> {
  const c = await hub.core.cases.create({
    subject: 'Printer jams on page 2',
    channel: opts.channel ?? 'email',
    contact: {
      name: 'Ann Lee',
      email: opts.email ?? `ann.${randomBytes(4).toString('hex')}@example.com`,
    },
    tags: opts.tags ?? [],
    customFields: opts.locale ? { locale: opts.locale } : {},
  });
  await hub.core.cases.transition(c.id, { to: 'open' });
  return hub.core.cases.transition(c.id, { to: 'resolved' });
}

/** Posts a form as a browser does (application/x-www-form-urlencoded), not following redirects. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}
