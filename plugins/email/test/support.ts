import { afterAll, beforeAll, vi } from 'vitest';
import type { INestMicroservice } from '@nestjs/common';
import { startDovecot, startSmtpSink, type Dovecot, type SmtpSink } from '@casehub/test-support';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import { emailPlugin } from '../src/email.plugin.js';
import { EmailModule } from '../src/email.module.js';

export const SUPPORT = 'Acme Support <support@acme.example>';

export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 20_000) =>
  vi.waitFor(fn, { timeout, interval: 100 });

/** A customer's mail as their client would write it (CRLF, headers, body). */
export function customerMail(h: {
  from?: string;
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  extra?: string[];
  body: string;
}): string {
  const lines = [
    `From: ${h.from ?? '"Ann Lee" <ann@example.com>'}`,
    'To: support@acme.example',
    `Subject: ${h.subject}`,
    `Date: ${new Date().toUTCString()}`,
    ...(h.messageId ? [`Message-ID: ${h.messageId}`] : []),
    ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`] : []),
    ...(h.references ? [`References: ${h.references.join(' ')}`] : []),
    ...(h.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    h.body,
  ];
  return lines.join('\r\n');
}

/** Runs the email plugin in the hub against the test's IMAP and SMTP servers. */
export function startEmailPlugin(
  hub: TestHub,
  servers: { dovecot?: Dovecot; sink: SmtpSink },
  env: Record<string, string> = {},
): Promise<INestMicroservice> {
  return hub.startPlugin(emailPlugin, EmailModule, {
    env: {
      SMTP_URL: servers.sink.url,
      EMAIL_FROM: SUPPORT,
      ...(servers.dovecot ? { IMAP_URL: servers.dovecot.url(), IMAP_POLL_SECONDS: '5' } : {}),
      ...env,
    },
    delivery: { retryDelaysMs: [200, 500, 1_000], maxAttempts: 4 },
  });
}

/** The real servers an email test talks to: a core and NATS (testkit), Dovecot, an SMTP server. */
export interface MailServers {
  hub: TestHub;
  dovecot: Dovecot;
  sink: SmtpSink;
}

export async function startMailServers(): Promise<MailServers> {
  const [hub, dovecot, sink] = await Promise.allSettled([
    startTestHub(),
    startDovecot(),
    startSmtpSink(),
  ]);
  const started = {
    hub: hub.status === 'fulfilled' ? hub.value : undefined,
    dovecot: dovecot.status === 'fulfilled' ? dovecot.value : undefined,
    sink: sink.status === 'fulfilled' ? sink.value : undefined,
  };
  const failed = [hub, dovecot, sink].find((r) => r.status === 'rejected');
  if (failed) {
    await stopMailServers(started); // else a core process outlives the test run
    throw failed.reason;
  }
  return started as MailServers;
}

/** Stops whichever of them started (safe after a failed start). */
export async function stopMailServers(s: Partial<MailServers>): Promise<void> {
  await Promise.all([s.hub?.stop(), s.dovecot?.stop(), s.sink?.stop()]);
}

/** The real servers and a running email plugin, for a `describe` block's tests. */
export interface MailRig extends MailServers {
  plugin: INestMicroservice;
}

/**
 * Starts the servers and the email plugin (with `env`) before the block's tests and stops them
 * after; the returned object is filled in once `beforeAll` has run.
 */
export function useMailRig(env: Record<string, string> = {}): MailRig {
  const rig = {} as MailRig;
  beforeAll(async () => {
    Object.assign(rig, await startMailServers());
    rig.plugin = await startEmailPlugin(rig.hub, rig, env);
  });
  afterAll(async () => {
    await rig.plugin?.close();
    await stopMailServers(rig);
  });
  return rig;
}
