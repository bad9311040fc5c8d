import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect, vi } from 'vitest';
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
    // The links must point where the pages listen: the port chosen above, not any free one.
    http: { port, host: '127.0.0.1' },
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

export interface PluginProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs a built plugin (`dist/main.js` of package `pkg`, or the script at an absolute path) as its own process joined to the hub, and waits
 * until the hub's registry lists it as up.
 */
export async function pluginProcess(
  pkg: string,
  name: string,
  hub: TestHub,
  env: Record<string, string>,
): Promise<PluginProcess> {
  const entry = pkg.startsWith('/') ? pkg : createRequire(import.meta.url).resolve(pkg);
  let out = '';
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...process.env, ...hub.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  child.stderr.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: PluginProcess = {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${pkg} exited with ${child.exitCode}:\n${out}`);
    const res = await fetch(`${hub.env.CASEHUB_URL}/v1/plugins`, {
      headers: { authorization: `Bearer ${hub.env.CASEHUB_API_KEY}` },
    });
    const body = (await res.json()) as { items?: { name: string; status: string }[] };
    expect(body.items?.find((p) => p.name === name)?.status, out).toBe('up');
  }, 30_000);
  return proc;
}
