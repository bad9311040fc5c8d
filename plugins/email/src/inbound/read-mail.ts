import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { normalizeIdentity } from '@casehub/domain';
import type { InboundMessageInput } from '@casehub/plugin-sdk';
import { ticketNumberIn } from '../outbound/subject.js';
import { isAutoReply, isBulk } from './auto-reply.js';
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
      /** Mail to many: it may open a case, but gets no automatic answer. */
      bulk: boolean;
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
    mail = await simpleParser(headersAsUtf8(raw), {
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
    // Inline images (a screenshot pasted into Outlook, in multipart/related) are kept too: the
    // core gets the text body only, so skipping them lost the picture the customer meant to
    // show. Their contentId tells a reader they belong in the HTML rather than the list.
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
  const autoReply = isAutoReply(mail.headers, mail.subject);
  return {
    kind: 'message',
    bulk: !autoReply && isBulk(mail.headers),
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
      autoReply,
    },
  };
}

/** The new part of a reply: quoted history and signature removed (kept whole if that is all). */
function visibleText(text: string): string {
  const trimmed = new EmailReplyParser().read(text).getVisibleText().trim();
  return trimmed || text.trim();
}

/**
 * The top-level header block with raw 8-bit lines made UTF-8. RFC 6532 allows raw UTF-8 there,
 * but older clients and gateways also write the sender's local charset unencoded ("Françoise"
 * in latin1). mailparser reads header bytes as UTF-8 only, so such a name or subject came out
 * as U+FFFD, lost. A line that is not valid UTF-8 is read in the mail's declared charset, else
 * windows-1252 (what mail clients assume too); valid lines and the body are left as they are.
 */
function headersAsUtf8(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  const head = end >= 0 ? raw.subarray(0, end) : raw;
  if (!head.some((b) => b >= 0x80)) return raw;
  const charset = /^content-type:.*(?:\r?\n[ \t].*)*?charset\s*=\s*"?([\w.:-]+)/im.exec(
    head.toString('latin1'),
  )?.[1];
  const decode = legacyDecoder(charset);
  const lines: Buffer[] = [];
  for (let start = 0; start < head.length;) {
    const nl = head.indexOf(0x0a, start);
    const stop = nl < 0 ? head.length : nl + 1;
    const line = head.subarray(start, stop);
    const broken = line.some((b) => b >= 0x80) && !isUtf8(line);
    lines.push(broken ? Buffer.from(decode(line), 'utf8') : line);
    start = stop;
  }
  return Buffer.concat([...lines, raw.subarray(head.length)]);
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Bytes 0x80–0x9F of windows-1252 (Node's TextDecoder reads that label as plain latin1). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function legacyDecoder(charset: string | undefined): (b: Buffer) => string {
  try {
    const decoder = charset ? new TextDecoder(charset) : null;
    // utf-8 is what failed; latin1 and us-ascii labels mean windows-1252 in practice.
    if (decoder && decoder.encoding !== 'utf-8' && decoder.encoding !== 'windows-1252') {
      return (b) => decoder.decode(b);
    }
  } catch {
    // a charset this Node does not know: windows-1252, below
  }
  return (b) =>
    Array.from(b, (c) =>
      c >= 0x80 && c < 0xa0 ? CP1252_C1[c - 0x80] : String.fromCharCode(c),
    ).join('');
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
