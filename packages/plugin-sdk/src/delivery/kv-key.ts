import { createHash } from 'node:crypto';

/**
 * A key-value bucket key for any string: as it is when it is letters, digits, `-`, `_` and `=`
 * (KV keys allow those between `.` separators), else its SHA-256 (40 hex digits), so a provider's
 * id, an email address or a phone number can name a key.
 */
export function kvKey(s: string): string {
  return /^[A-Za-z0-9_=-]{1,200}$/.test(s)
    ? s
    : createHash('sha256').update(s).digest('hex').slice(0, 40);
}
