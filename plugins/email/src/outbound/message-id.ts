/**
 * Message-IDs of the mails this plugin sends, derived from what they are, so that a retry sends
 * the same id (mail clients and servers drop the copy) and a bounce names what it bounced.
 */
export type OutboundKind =
  | { kind: 'reply'; messageId: string }
  | { kind: 'ack'; caseId: string }
  | { kind: 'resolved'; caseId: string; version: number };

export function outboundMessageId(what: OutboundKind, domain: string): string {
  switch (what.kind) {
    case 'reply':
      return `<casehub.reply.${what.messageId}@${domain}>`;
    case 'ack':
      return `<casehub.ack.${what.caseId}@${domain}>`;
    case 'resolved':
      return `<casehub.resolved.${what.caseId}.${what.version}@${domain}>`;
  }
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
