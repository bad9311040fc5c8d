import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { EmailConfig } from '../email.config.js';

export interface OutboundMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  autoSubmitted?: 'auto-replied' | 'auto-generated';
  /** An http(s) URL that opts the recipient out with one POST (RFC 8058 one-click unsubscribe). */
  listUnsubscribe?: string;
  /** Bytes we hold, or a URL nodemailer fetches while sending. */
  attachments?: { filename: string; contentType: string; content?: Buffer; path?: string }[];
}

/** Sends over SMTP through one pooled nodemailer transport (SMTP_URL, SMTP_POOL_SIZE). */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(@InjectPluginConfig() private readonly cfg: EmailConfig) {
    const url = new URL(cfg.SMTP_URL);
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', String(cfg.SMTP_POOL_SIZE));
    this.transport = nodemailer.createTransport(url.toString());
  }

  /** Resolves once the SMTP server accepted the mail; rejects with nodemailer's error. */
  async send(mail: OutboundMail): Promise<void> {
    await this.transport.sendMail({
      from: this.cfg.EMAIL_FROM,
      replyTo: this.cfg.EMAIL_REPLY_TO,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references?.length ? mail.references : undefined,
      // Explicitly: nodemailer would put a message/rfc822 part inline, where clients show it as text.
      attachments: mail.attachments?.map((a) => ({
        ...a,
        contentDisposition: 'attachment' as const,
      })),
      list: mail.listUnsubscribe ? { unsubscribe: mail.listUnsubscribe } : undefined,
      headers: headersOf(mail),
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

function headersOf(mail: OutboundMail): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) {
    // RFC 3834; X-Auto-Response-Suppress keeps Exchange from answering automatic mails.
    headers['Auto-Submitted'] = mail.autoSubmitted;
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  // RFC 8058: mail providers show an unsubscribe button that POSTs to List-Unsubscribe.
  if (mail.listUnsubscribe) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return Object.keys(headers).length ? headers : undefined;
}
