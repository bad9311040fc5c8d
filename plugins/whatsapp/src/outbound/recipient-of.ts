import type { Recipient } from '../graph/graph-types.js';
import type { CustomerWindow } from '../state/whatsapp-state.js';

/**
 * Whom a message to a hub handle goes to: a `whatsapp:<digits>` handle is a phone (`to`), any
 * other a business-scoped user id (`recipient`), spelled as Meta sent it when the plugin saw the
 * customer write (the hub keeps handles in lower case); else its country and `ENT` in capitals,
 * as Meta writes them.
 */
export function recipientOf(handle: string, window: CustomerWindow | null): Recipient {
  const id = handle.slice('whatsapp:'.length);
  if (/^\d{7,15}$/.test(id)) return { to: id };
  if (window?.userId && window.userId.toLowerCase() === id) return { recipient: window.userId };
  const segments = id.split('.');
  return {
    recipient: segments
      .map((s, i) => (i < segments.length - 1 && /^[a-z]+$/.test(s) ? s.toUpperCase() : s))
      .join('.'),
  };
}
