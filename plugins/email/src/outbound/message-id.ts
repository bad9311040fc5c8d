/**
 * Message-IDs of the mails this plugin sends, derived from what they are, so that a retry sends
 * the same id (mail clients and servers drop the copy) and a bounce names what it bounced.
 */
export type OutboundKind =
  | { kind: 'reply'; messageId: string }
  | { kind: 'ack'; caseId: string }
  | { kind: 'resolved'; caseId: string; version: number }
  | { kind: 'survey'; surveyId: string };

export function outboundMessageId(what: OutboundKind, domain: string): string {
  switch (what.kind) {
    case 'reply':
      return `<casehub.reply.${what.messageId}@${domain}>`;
    case 'ack':
      return `<casehub.ack.${what.caseId}@${domain}>`;
    case 'resolved':
      return `<casehub.resolved.${what.caseId}.${what.version}@${domain}>`;
    case 'survey':
      return `<casehub.survey.${idPart(what.surveyId)}@${domain}>`;
  }
}

/**
 * A survey id is any string the survey plugin chose: what is not safe in a Message-ID (spaces,
 * `<>`, `@`, non-ASCII) becomes `=` and its UTF-8 bytes in hex, so that two ids never meet.
 */
function idPart(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/gu, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `=${b.toString(16).padStart(2, '0')}`).join(''),
  );
}

/** The CaseHub message a reply's Message-ID stands for, or null for anyone else's id. */
export function replyMessageIdOf(messageIdHeader: string): string | null {
  const m = /<?casehub\.reply\.([0-9a-f-]{36})@[^>]+>?/i.exec(messageIdHeader.trim());
  return m ? m[1].toLowerCase() : null;
}

/** The domain of an address like `Support <support@acme.example>`. */
export function domainOf(address: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(address);
  return m ? m[1].toLowerCase() : 'casehub.invalid';
}
