/** The headers of a parsed mail, lower-cased names (mailparser's `headers`). */
export type MailHeaders = Map<string, unknown>;

const header = (h: MailHeaders, name: string): string => {
  const v = h.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') {
    return v.value.toLowerCase(); // structured headers (Content-Type and the like)
  }
  return '';
};

/**
 * Whether a mail was sent by a machine on its own (out-of-office, vacation, read receipt):
 * RFC 3834 Auto-Submitted, Precedence, and the headers Exchange and others set instead. Such a
 * mail is kept on its case but never opens one nor gets an acknowledgement: no mail loops.
 */
export function isAutoReply(h: MailHeaders, subject: string | undefined): boolean {
  const autoSubmitted = header(h, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['junk', 'auto_reply'].includes(header(h, 'precedence'))) return true;
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoresponder')) return true;
  // A report that is not a bounce — a read receipt (Outlook sends them without Auto-Submitted),
  // a delay or "delivered" notice — is written by a machine, not the customer: it must not
  // reopen a case nor open one.
  if (header(h, 'content-type') === 'multipart/report') return true;
  return /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheitsnotiz)\b/i.test(
    subject?.trim() ?? '',
  );
}

/**
 * Mail to many (a list post, a newsletter: Precedence bulk or list, List-Id): a person may well
 * have written it, so it opens a case, but it is never answered automatically (RFC 3834 §2).
 */
export function isBulk(h: MailHeaders): boolean {
  // mailparser gathers the List-* headers into one `list` entry ({ id, unsubscribe, … }).
  const list = h.get('list') as { id?: unknown } | undefined;
  return ['bulk', 'list'].includes(header(h, 'precedence')) || !!list?.id;
}
