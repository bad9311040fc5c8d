import { createHash } from 'node:crypto';

/** Keys hashed lately: a handle or message id is named again with each step of its message. */
const hashed = new Map<string, string>();
const REMEMBERED = 10_000;

/**
 * A key-value bucket key for any string: as it is when it is letters, digits, `-`, `_` and `=`
 * (KV keys allow those between `.` separators), else its SHA-256 (40 hex digits), so a provider's
 * id, an email address or a phone number can name a key.
 */
export function kvKey(s: string): string {
  if (/^[A-Za-z0-9_=-]{1,200}$/.test(s)) return s;
  let key = hashed.get(s);
  if (key === undefined) {
    key = createHash('sha256').update(s).digest('hex').slice(0, 40);
    if (hashed.size >= REMEMBERED) hashed.delete(hashed.keys().next().value!);
    hashed.set(s, key);
  }
  return key;
}
