/** The contact handle of a Telegram chat: `telegram:<chat id>` (a user's, a group's). */
export function handleOf(chatId: number): string {
  return `telegram:${chatId}`;
}

/** The chat id of a `telegram:` handle, or null for another platform's. */
export function chatOfHandle(handle: string): number | null {
  const m = /^telegram:(-?\d{1,20})$/i.exec(handle.trim());
  return m ? Number(m[1]) : null;
}

/**
 * A message's provider id, unique across chats (message ids start at 1 in every chat):
 * `telegram:<chat id>:<message_id>`.
 */
export function providerMessageId(chatId: number, messageId: number): string {
  return `telegram:${chatId}:${messageId}`;
}

/** The chat and message of a provider id this plugin made, or null. */
export function parseProviderMessageId(id: string): { chatId: number; messageId: number } | null {
  const m = /^telegram:(-?\d{1,20}):(\d{1,15})$/.exec(id);
  return m ? { chatId: Number(m[1]), messageId: Number(m[2]) } : null;
}

/**
 * The conversation a message belongs to: the chat (its identity after a migration), or one
 * forum topic of it. `<chat>` or `<chat>_<message_thread_id>`.
 */
export function conversationKey(
  identityChatId: number,
  m: { is_topic_message?: boolean; message_thread_id?: number },
): string {
  return m.is_topic_message && m.message_thread_id !== undefined
    ? `${identityChatId}_${m.message_thread_id}`
    : String(identityChatId);
}
