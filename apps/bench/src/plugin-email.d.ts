/**
 * Types of the parts of the built email plugin (plugins/email/dist) this benchmark imports. The
 * plugin builds without declarations (it is an application, not a library), so they are stated
 * here, as narrow as the benchmark uses them.
 */
declare module '@casehub/plugin-email/dist/email.plugin.js' {
  import type { PluginDefinition } from '@casehub/plugin-sdk';
  /** The settings the benchmark reads (src/email.config.ts has them all). */
  export interface EmailConfig {
    SMTP_URL: string;
    SMTP_POOL_SIZE: number;
    EMAIL_FROM: string;
    EMAIL_REPLY_TO: string;
    EMAIL_DEFAULT_LOCALE: string;
    EMAIL_TEMPLATES_DIR?: string;
    EMAIL_MAX_ATTACHMENT_BYTES: number;
    EMAIL_BLOCKED_ATTACHMENT_TYPES: string[];
  }
  export const emailPlugin: PluginDefinition<EmailConfig>;
}

declare module '@casehub/plugin-email/dist/email.module.js' {
  export class EmailModule {}
}

declare module '@casehub/plugin-email/dist/inbound/mail-intake.service.js' {
  export type IntakeOutcome = 'message' | 'bounce' | 'ignored' | 'quarantined';
  export class MailIntake {
    receive(raw: Buffer, via: string, receivedAt?: Date): Promise<IntakeOutcome>;
  }
}

declare module '@casehub/plugin-email/dist/inbound/read-mail.js' {
  export interface MailLimits {
    maxAttachmentBytes: number;
    blockedAttachmentTypes: string[];
  }
  export function readMail(
    raw: Buffer,
    limits: MailLimits,
    receivedAt: Date,
  ): Promise<{ kind: 'message' | 'bounce' | 'quarantine' }>;
}

declare module '@casehub/plugin-email/dist/outbound/templates.js' {
  export type MailTemplate = 'reply' | 'ack' | 'resolved';
  export class MailTemplates {
    constructor(defaultLocale: string, overrideDir?: string);
    render(
      template: MailTemplate,
      locale: string | undefined,
      context: object,
    ): { subject: string; text: string; html: string };
  }
}

declare module '@casehub/plugin-email/dist/outbound/subject.js' {
  export function withTicketNumber(subject: string, caseNumber: number): string;
}

declare module '@casehub/plugin-email/dist/outbound/message-id.js' {
  export function outboundMessageId(
    what: { kind: 'reply'; messageId: string },
    domain: string,
  ): string;
  export function domainOf(address: string): string;
}
