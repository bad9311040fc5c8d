import type { ParsedMail } from 'mailparser';
import { replyMessageIdOf } from '../outbound/message-id.js';

export interface Bounce {
  /** The CaseHub message whose reply bounced; null when it was another of our mails. */
  messageId: string | null;
  reason: string;
}

/**
 * Recognises a delivery status notification (RFC 3464 multipart/report) or a classic
 * mailer-daemon bounce, and finds which of our mails it is about from the returned headers.
 */
export function readBounce(mail: ParsedMail): Bounce | null {
  const ct = mail.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  const isReport =
    // MIME type names are case-insensitive (RFC 2045); mailparser keeps them as written.
    ct?.value?.toLowerCase() === 'multipart/report' &&
    ct.params?.['report-type']?.toLowerCase() === 'delivery-status';
  const sender = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  const fromDaemon = /^(mailer-daemon|postmaster)@/.test(sender) || sender === '';
  const bounceSubject =
    /undeliver|returned mail|delivery (status notification|failure|has failed)|failure notice|non-delivery/i.test(
      mail.subject ?? '',
    );
  if (!isReport && !(fromDaemon && bounceSubject)) return null;
  if (isReport && !/action:\s*(failed|delayed)/i.test(allText(mail))) {
    return null; // a "delivered" or "relayed" report is not a bounce
  }
  if (/action:\s*delayed/i.test(allText(mail)) && !/action:\s*failed/i.test(allText(mail)))
    return null;
  const ids = [...allText(mail).matchAll(/message-id:\s*(<[^>\s]+>)/gi)].map((m) => m[1]);
  const ours = ids.map(replyMessageIdOf).find((id) => id !== null) ?? null;
  const diagnostic = diagnosticOf(allText(mail));
  const status = /\nstatus:\s*([245]\.\d+\.\d+)/i.exec(allText(mail))?.[1];
  return {
    messageId: ours,
    reason: (diagnostic ?? (status ? `status ${status}` : (mail.subject ?? 'bounced')))
      .trim()
      .slice(0, 500),
  };
}

/**
 * The Diagnostic-Code, unfolded: Postfix folds a long one, Gmail sends the remote server's
 * multi-line reply (`550-5.1.1 …` on each line); the first line alone was half a sentence.
 */
function diagnosticOf(text: string): string | undefined {
  const m = /diagnostic-code:[ \t]*([^\r\n]+(?:\r?\n[ \t]+[^\r\n]*)*)/i.exec(text);
  if (!m) return undefined;
  const [first, ...rest] = m[1].split(/\r?\n/).map((l) => l.trim());
  // Continuation lines repeat the reply code (and enhanced status): said once is enough.
  return [first, ...rest.map((l) => l.replace(/^\d{3}[ -](?:\d\.\d{1,3}\.\d{1,3}\s+)?/, ''))]
    .filter(Boolean)
    .join(' ');
}

/** Text, plus the returned-headers and status parts mailparser keeps as attachments. */
function allText(mail: ParsedMail): string {
  const parts = mail.attachments
    .filter((a) =>
      /^(message\/(rfc822|delivery-status|global-headers)|text\/rfc822-headers)$/i.test(
        a.contentType,
      ),
    )
    .map((a) => a.content.toString('utf8', 0, Math.min(a.content.length, 64 * 1024)));
  return [`\n${mail.text ?? ''}`, ...parts].join('\n');
}
