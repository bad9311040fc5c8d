import type { PartReceipt } from '../state/smpp-state.js';

/** A delivery receipt read from a `deliver_sm` (SMPP 3.4 appendix B and its TLVs). */
export interface Receipt extends PartReceipt {
  /** The SMSC's id of the message it reports on, as it quotes it. */
  id: string;
}

/** `message_state` (TLV 0x0427) values, as the `stat:` words of the receipt text. */
const MESSAGE_STATES: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/** Final states that mean the part did not reach the handset. */
export const FAILED_STATS: ReadonlySet<string> = new Set([
  'UNDELIV',
  'REJECTD',
  'EXPIRED',
  'DELETED',
]);

/** `esm_class` message type bits 2–5: a SMSC delivery receipt (0x04) or an intermediate notice (0x20). */
export function isReceipt(esmClass: number): boolean {
  const type = esmClass & 0x3c;
  return type === 0x04 || type === 0x20;
}

/**
 * Reads a receipt: the id from `receipted_message_id` (0x001E) or the text's `id:`, the state
 * from the text's `stat:` or `message_state` (0x0427), the error from `err:`. The TLVs win where
 * both are given (the text is free-form, the TLVs are not). Null when it names no message.
 */
export function readReceipt(
  text: string,
  tlv: { receiptedMessageId?: string; messageState?: number },
): Receipt | null {
  const field = (name: string) =>
    new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1] ?? undefined;
  // The library reads the TLV up to a NUL: an SMSC that leaves it out gives trailing octets.
  const fromTlv = tlv.receiptedMessageId?.replace(/[^\x21-\x7e][\s\S]*$/, '');
  const id = fromTlv || field('id');
  if (!id) return null;
  const state = tlv.messageState === undefined ? undefined : MESSAGE_STATES[tlv.messageState];
  const stat = (state ?? field('stat') ?? 'UNKNOWN').toUpperCase();
  return { id, stat, err: field('err') ?? '000' };
}
