import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { normalizeIdentity } from '@casehub/domain';
import type { InboundMessageInput } from '@casehub/plugin-sdk';
import { ticketNumberIn } from '../outbound/subject.js';
import { isAutoReply } from './auto-reply.js';
import { readBounce } from './bounce.js';

/** Longest body handed to the core; the whole mail is kept as original.eml anyway. */
const MAX_BODY_CHARS = 200_000;

export interface MailLimits {
  maxAttachmentBytes: number;
  blockedAttachmentTypes: string[];
}

export type MailReading =
  | {
      kind: 'message';
      message: Omit<InboundMessageInput, 'attachments'>;
      attachments: Attachment[];
    }
  | { kind: 'bounce'; messageId: string | null; reason: string }
  | { kind: 'quarantine'; reason: string };

/**
 * What a raw mail is to CaseHub: a customer's message (trimmed of quoted text and signature,
 * with its threading clues), a bounce of one of our mails, or something to quarantine with the
 * reason. Never throws on a bad mail.
 */
export async function readMail(
  raw: Buffer,
  limits: MailLimits,
  receivedAt: Date,
): Promise<MailReading> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
  } catch (err) {
    return { kind: 'quarantine', reason: `not a readable mail: ${(err as Error).message}` };
  }
  const bounce = readBounce(mail);
  if (bounce) return { kind: 'bounce', ...bounce };

  const sender = mail.from?.value.find((a) => a.address);
  if (!sender?.address) return { kind: 'quarantine', reason: 'no From address' };
  let from: string;
  try {
    from = normalizeIdentity('email', sender.address).value;
  } catch {
    return {
      kind: 'quarantine',
      reason: `From is not an email address: ${sender.address.slice(0, 200)}`,
    };
  }

  const references = ([] as string[]).concat(mail.references ?? []).filter(Boolean);
  const kept: Attachment[] = [];
  const notes: string[] = [];
  for (const a of mail.attachments) {
    if (a.related && a.contentDisposition !== 'attachment') continue; // inline images of the HTML part
    const name = a.filename ?? 'attachment';
    if (limits.blockedAttachmentTypes.includes(a.contentType.toLowerCase())) {
      notes.push(`[${name} (${a.contentType}) not kept: a blocked type; it is in original.eml]`);
    } else if (a.size > limits.maxAttachmentBytes) {
      notes.push(
        `[${name} (${a.size} bytes) not kept: over the size limit; it is in original.eml]`,
      );
    } else kept.push(a);
  }

  const body = [visibleText(mail.text ?? ''), ...notes].filter(Boolean).join('\n\n');
  return {
    kind: 'message',
    attachments: kept,
    message: {
      channel: 'email',
      from: { kind: 'email', value: from, name: sender.name || null },
      // A mail without a Message-ID still gets a stable one: the same bytes, the same id.
      providerMessageId: mail.messageId ?? `<sha256.${sha256(raw).slice(0, 40)}@casehub.invalid>`,
      receivedAt: receivedAt.toISOString(),
      subject: mail.subject?.slice(0, 998) ?? null,
      body:
        body.length > MAX_BODY_CHARS
          ? `${body.slice(0, MAX_BODY_CHARS)}\n\n[shortened; the whole mail is in original.eml]`
          : body,
      threading: {
        inReplyTo: mail.inReplyTo ?? undefined,
        references: references.length ? references.slice(-50) : undefined,
        caseNumber: ticketNumberIn(mail.subject) ?? undefined,
      },
      autoReply: isAutoReply(mail.headers, mail.subject),
    },
  };
}

/** The new part of a reply: quoted history and signature removed (kept whole if that is all). */
function visibleText(text: string): string {
  const trimmed = new EmailReplyParser().read(text).getVisibleText().trim();
  return trimmed || text.trim();
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
