import type { ChangeValue, WaMessage } from '../webhooks/webhook-payload.js';

/** Who wrote a message: their hub handle, their WhatsApp ids, their profile name. */
export interface Sender {
  /** `whatsapp:<wa_id>`, or `whatsapp:<business-scoped user id>` without a phone; lower case as the hub keeps handles. */
  handle: string;
  waId: string | null;
  userId: string | null;
  name: string | null;
}

/** The hub handle of a WhatsApp id: `whatsapp:` and the id, in lower case. */
export function handleOf(id: string): string {
  return `whatsapp:${id}`.toLowerCase();
}

/**
 * The sender of a message: the phone (`from`, the wa_id) where Meta gives it, else the
 * business-scoped user id (`from_user_id`, for users who hide their number); the profile name
 * from the `contacts[]` entry that is theirs. Null when the message names nobody.
 */
export function senderOf(value: ChangeValue, message: WaMessage): Sender | null {
  const from = message.from || null;
  const fromUser = message.from_user_id || null;
  const contacts = value.contacts ?? [];
  const contact =
    contacts.find((c) => (from && c.wa_id === from) || (fromUser && c.user_id === fromUser)) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const waId = from ?? contact?.wa_id ?? null;
  const userId = fromUser ?? contact?.user_id ?? null;
  const id = waId ?? userId;
  if (!id) return null;
  return { handle: handleOf(id), waId, userId, name: contact?.profile?.name?.trim() || null };
}
