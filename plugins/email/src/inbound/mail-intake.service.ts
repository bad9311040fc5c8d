import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@casehub/domain';
import { InboundPublisher, InjectPluginConfig } from '@casehub/plugin-sdk';
import type { EmailConfig } from '../email.config.js';
import { MailFiles } from '../state/mail-files.js';
import { EmailState } from '../state/email-state.js';
import { readMail, sha256, type MailReading } from './read-mail.js';

export type IntakeOutcome = 'message' | 'bounce' | 'ignored' | 'quarantined';

/**
 * Every mail that comes in, by IMAP or SMTP, goes through here: kept whole, read, and handed to
 * the core (a message, or the bounce of a reply) — or quarantined with the reason. A bad mail
 * never throws; only a hub that cannot be reached does (then the mail is taken again later).
 */
@Injectable()
export class MailIntake {
  private readonly log = new Logger('EmailIntake');

  constructor(
    @InjectPluginConfig() private readonly cfg: EmailConfig,
    @Inject(MailFiles) private readonly files: MailFiles,
    @Inject(EmailState) private readonly state: EmailState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  async receive(raw: Buffer, via: string, receivedAt = new Date()): Promise<IntakeOutcome> {
    const digest = sha256(raw);
    const reading = await readMail(
      raw,
      {
        maxAttachmentBytes: this.cfg.EMAIL_MAX_ATTACHMENT_BYTES,
        blockedAttachmentTypes: this.cfg.EMAIL_BLOCKED_ATTACHMENT_TYPES,
      },
      receivedAt,
    );
    try {
      return await this.handOver(reading, raw, digest, via, receivedAt);
    } catch (err) {
      // The event contract refused what we read (a field too long, …): the mail, not the hub.
      if (!(err instanceof DomainError || (err as Error).name === 'ZodError')) throw err;
      return this.quarantine(
        raw,
        digest,
        via,
        `does not fit the event contract: ${(err as Error).message}`,
      );
    }
  }

  private async quarantine(raw: Buffer, digest: string, via: string, reason: string) {
    await this.files.putInQuarantine(`${digest}.eml`, raw, `${via}: ${reason}`);
    this.log.warn(`quarantined a mail from ${via} (${digest.slice(0, 12)}): ${reason}`);
    return 'quarantined' as const;
  }

  private async handOver(
    reading: MailReading,
    raw: Buffer,
    digest: string,
    via: string,
    receivedAt: Date,
  ): Promise<IntakeOutcome> {
    switch (reading.kind) {
      case 'quarantine':
        return this.quarantine(raw, digest, via, reading.reason);
      case 'bounce':
        if (!reading.messageId) {
          this.log.log(`a bounce from ${via} of none of our replies: ${reading.reason}`);
          return 'ignored';
        }
        await this.inbound.delivery({
          messageId: reading.messageId,
          status: 'bounced',
          at: receivedAt.toISOString(),
          error: reading.reason,
        });
        return 'bounce';
      case 'message': {
        const original = await this.files.keep(`mail/${digest}.eml`, raw, {
          filename: 'original.eml',
          contentType: 'message/rfc822',
        });
        const attachments = [];
        // The contract takes 100 attachments; the rest stay in original.eml.
        for (const [i, a] of reading.attachments.slice(0, 99).entries()) {
          attachments.push(
            await this.files.keep(`mail/${digest}/${i}`, a.content, {
              filename: a.filename ?? `attachment-${i + 1}`,
              contentType: a.contentType,
              contentId: a.contentId,
            }),
          );
        }
        // Before the core has it: by the time its case asks for an acknowledgement, this is known.
        if (reading.bulk) await this.state.markBulk(reading.message.providerMessageId);
        await this.inbound.message({ ...reading.message, attachments: [...attachments, original] });
        return 'message';
      }
    }
  }
}
