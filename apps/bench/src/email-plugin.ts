/**
 * Child process: the email plugin (plugins/email, built) as `casehub start` runs it, one process
 * of its own: createPluginApp with the plugin's definition and module, settings from the
 * environment (NATS_STREAM, NATS_SUBJECT_PREFIX, SMTP_URL, EMAIL_FROM …). It consumes the
 * stream's events and sends mail at once, like the real thing; the requests below only drive
 * its inbound side, which in production an IMAP mailbox or the SMTP listener would.
 *
 * Requests: `inbound-load` {tag, count, attachmentBytes} (makes the mails, untimed; returns the
 * plan), `parse` (readMail alone over them, one after the other), `intake` {concurrency}
 * (MailIntake.receive over them, that many at once), `stop`.
 */
import 'reflect-metadata';
import { createPluginApp, PLUGIN_CONFIG } from '@casehub/plugin-sdk';
import { emailPlugin, type EmailConfig } from '@casehub/plugin-email/dist/email.plugin.js';
import { EmailModule } from '@casehub/plugin-email/dist/email.module.js';
import { MailIntake } from '@casehub/plugin-email/dist/inbound/mail-intake.service.js';
import { readMail } from '@casehub/plugin-email/dist/inbound/read-mail.js';
import { wallMs } from './clock.js';
import { inboundMails, inboundPlan } from './email-workload.js';
import { serve } from './ipc.js';

const app = await createPluginApp(emailPlugin, EmailModule, { logger: ['error', 'warn'] });
const cfg = app.get<string, EmailConfig>(PLUGIN_CONFIG);
const intake = app.get(MailIntake);
let mails: Buffer[] = [];

export interface InboundTiming {
  startedAt: number;
  endedAt: number;
  outcomes: Record<string, number>;
  bytes: number;
  errors: { count: number; sample: string | null };
}

/** Runs `fn` over every mail, `concurrency` at once, in order of the list. */
async function overMails(
  concurrency: number,
  fn: (raw: Buffer, i: number) => Promise<string>,
): Promise<InboundTiming> {
  const outcomes: Record<string, number> = {};
  const errors = { count: 0, sample: null as string | null };
  let next = 0;
  const startedAt = wallMs();
  const worker = async () => {
    while (next < mails.length) {
      const i = next++;
      try {
        const o = await fn(mails[i], i);
        outcomes[o] = (outcomes[o] ?? 0) + 1;
      } catch (err) {
        errors.count++;
        errors.sample ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const endedAt = wallMs();
  return { startedAt, endedAt, outcomes, errors, bytes: mails.reduce((a, m) => a + m.length, 0) };
}

serve({
  'inbound-load': async (o: { tag: string; count: number; attachmentBytes: number }) => {
    const plan = inboundPlan(o.tag, o.count);
    mails = await inboundMails(o.tag, plan, o.attachmentBytes);
    return plan;
  },
  parse: () =>
    overMails(1, async (raw) => {
      const r = await readMail(
        raw,
        {
          maxAttachmentBytes: cfg.EMAIL_MAX_ATTACHMENT_BYTES,
          blockedAttachmentTypes: cfg.EMAIL_BLOCKED_ATTACHMENT_TYPES,
        },
        new Date(),
      );
      return r.kind;
    }),
  intake: ({ concurrency }: { concurrency: number }) =>
    overMails(concurrency, (raw) => intake.receive(raw, 'smtp from 127.0.0.1')),
  stop: async () => {
    await app.close();
    setTimeout(() => process.exit(0), 10);
  },
});
