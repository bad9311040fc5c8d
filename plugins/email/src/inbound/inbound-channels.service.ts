import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { EmailConfig } from '../email.config.js';
import { EmailState } from '../state/email-state.js';
import { ImapMailbox } from './imap-mailbox.js';
import { MailIntake } from './mail-intake.service.js';
import { SmtpListener } from './smtp-listener.js';

/** Starts what brings customers' mail in: the IMAP mailboxes and the SMTP listener. */
@Injectable()
export class InboundChannels implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly mailboxes: ImapMailbox[] = [];
  private listener: SmtpListener | null = null;
  /** The SMTP listener's port once listening (SMTP_LISTEN_PORT=0 picks a free one). */
  smtpPort: number | null = null;

  constructor(
    @InjectPluginConfig() private readonly cfg: EmailConfig,
    @Inject(MailIntake) private readonly intake: MailIntake,
    @Inject(EmailState) private readonly state: EmailState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const url of this.cfg.IMAP_URL ?? []) {
      const mailbox = new ImapMailbox(
        new URL(url),
        this.intake,
        this.state,
        this.cfg.IMAP_POLL_SECONDS * 1000,
      );
      mailbox.start();
      this.mailboxes.push(mailbox);
    }
    if (this.cfg.SMTP_LISTEN_PORT !== undefined) {
      this.listener = new SmtpListener(
        {
          host: this.cfg.SMTP_LISTEN_HOST,
          port: this.cfg.SMTP_LISTEN_PORT,
          maxBytes: this.cfg.EMAIL_MAX_MESSAGE_BYTES,
          domains: this.cfg.SMTP_LISTEN_DOMAINS ?? [],
        },
        this.intake,
      );
      this.smtpPort = await this.listener.listen();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.close();
    await Promise.all(this.mailboxes.map((m) => m.stop()));
  }
}
