/**
 * Child process: the outbound baseline of `pnpm bench:email`. Plain nodemailer with the email
 * plugin's transport settings (its SMTP_URL with pool=true and maxConnections = the plugin's
 * SMTP_POOL_SIZE, its default) sends the very mails the plugin sends for the same replies (same
 * templates, subject, text and HTML parts, From, Reply-To, Message-ID, In-Reply-To and
 * References), composed before the clock starts, `concurrency` sendMail calls in flight. No
 * events, no state, no delivery reports: what the pool and the SMTP server take.
 *
 * Requests: `load` {tag, mails, repliesPerCase} (composes them), `send` {tag, concurrency},
 * `stop`.
 */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { loadPluginConfig } from '@casehub/plugin-sdk';
import { emailPlugin } from '@casehub/plugin-email/dist/email.plugin.js';
import { MailTemplates } from '@casehub/plugin-email/dist/outbound/templates.js';
import { withTicketNumber } from '@casehub/plugin-email/dist/outbound/subject.js';
import { domainOf, outboundMessageId } from '@casehub/plugin-email/dist/outbound/message-id.js';
import { wallMs } from './clock.js';
import { outboundWorkload } from './email-workload.js';
import { serve } from './ipc.js';

const cfg = await loadPluginConfig(emailPlugin, process.env);
const url = new URL(cfg.SMTP_URL);
url.searchParams.set('pool', 'true');
url.searchParams.set('maxConnections', String(cfg.SMTP_POOL_SIZE));
// As the plugin's Mailer builds it.
const transport: Transporter<SMTPPool.SentMessageInfo> = nodemailer.createTransport(url.toString());

const templates = new MailTemplates(cfg.EMAIL_DEFAULT_LOCALE, cfg.EMAIL_TEMPLATES_DIR);
const domain = domainOf(cfg.EMAIL_FROM);
const team = /^\s*"?([^"<]+?)"?\s*</.exec(cfg.EMAIL_FROM)?.[1] ?? cfg.EMAIL_FROM;
const sets = new Map<string, SendMailOptions[]>();

/** As the plugin's thread keeps them: the first id and the latest 29. */
function trimReferences(ids: string[]): string[] {
  return ids.length <= 30 ? ids : [ids[0], ...ids.slice(ids.length - 29)];
}

/** The mails OutboundService composes and Mailer hands to nodemailer for these replies. */
function compose(tag: string, mails: number, repliesPerCase: number): SendMailOptions[] {
  const threads = new Map<string, string[]>();
  return outboundWorkload(tag, mails, repliesPerCase).map(({ case: c, message: m }) => {
    const references = threads.get(c.id) ?? [];
    const locale = typeof c.customFields.locale === 'string' ? c.customFields.locale : undefined;
    const rendered = templates.render('reply', locale, {
      case: c,
      team,
      locale: locale ?? cfg.EMAIL_DEFAULT_LOCALE,
      message: m,
    });
    const messageId = outboundMessageId({ kind: 'reply', messageId: m.id }, domain);
    threads.set(c.id, trimReferences([...references, messageId]));
    return {
      from: cfg.EMAIL_FROM,
      replyTo: cfg.EMAIL_REPLY_TO,
      to: c.contact!.email!,
      subject: withTicketNumber(rendered.subject, c.number),
      text: rendered.text,
      html: rendered.html,
      messageId,
      inReplyTo: references[references.length - 1],
      references: references.length ? references : undefined,
    };
  });
}

serve({
  load: ({
    tag,
    mails,
    repliesPerCase,
  }: {
    tag: string;
    mails: number;
    repliesPerCase: number;
  }) => {
    sets.set(tag, compose(tag, mails, repliesPerCase));
    return { poolSize: cfg.SMTP_POOL_SIZE };
  },
  send: async ({ tag, concurrency }: { tag: string; concurrency: number }) => {
    const mails = sets.get(tag);
    if (!mails) throw new Error(`no mails loaded as ${tag}`);
    const errors = { count: 0, sample: null as string | null };
    let next = 0;
    const startedAt = wallMs();
    const worker = async () => {
      while (next < mails.length) {
        const mail = mails[next++];
        try {
          await transport.sendMail(mail);
        } catch (err) {
          errors.count++;
          errors.sample ??= (err as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { startedAt, endedAt: wallMs(), sent: mails.length - errors.count, errors };
  },
  stop: () => {
    transport.close();
    setTimeout(() => process.exit(0), 10);
  },
});
