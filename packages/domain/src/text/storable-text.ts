/**
 * Text either database stores exactly as it was sent. PostgreSQL refuses U+0000 in `text` and
 * `jsonb` (SQLite would store it); an unpaired UTF-16 surrogate has no UTF-8 form, so both would
 * store U+FFFD instead of what was sent. One rule for both: the API refuses such text and names
 * the field; text a channel brings in (a customer's email) is cleaned so the contact is not lost.
 */

/** Where a value holds text that cannot be stored, and why. */
export interface UnstorableText {
  /** Object keys and array indexes down to the string (a key itself when `inKey`). */
  readonly path: readonly (string | number)[];
  readonly reason: string;
  readonly inKey: boolean;
}

const NUL = '\u0000';

/** Why one string cannot be stored, or undefined when it can. */
export function unstorableReason(s: string): string | undefined {
  if (s.includes(NUL)) return 'contains a NUL character (U+0000), which cannot be stored';
  if (!s.isWellFormed()) {
    return 'contains an unpaired surrogate (U+D800–U+DFFF), which is not Unicode text';
  }
  return undefined;
}

/** Every string (and object key) in a JSON-like value that cannot be stored, at most `limit`. */
export function findUnstorableText(value: unknown, limit = 20): UnstorableText[] {
  const found: UnstorableText[] = [];
  const path: (string | number)[] = []; // one array for the walk (it runs on every request)
  const walk = (v: unknown): void => {
    if (found.length >= limit) return;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) found.push({ path: [...path], reason, inKey: false });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        path.push(key);
        const reason = unstorableReason(key);
        if (reason && found.length < limit) {
          found.push({ path: [...path], reason: `its name ${reason}`, inKey: true });
        }
        walk((v as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
  return found;
}

const cleanString = (s: string): string =>
  unstorableReason(s) === undefined ? s : s.replaceAll(NUL, '').toWellFormed();

/**
 * The same value with NULs removed and unpaired surrogates replaced by U+FFFD, in strings and
 * keys alike; the value itself (and each untouched part of it) when nothing needed cleaning.
 */
export function toStorableText<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T;
  if (Array.isArray(value)) {
    const items = value.map((v: unknown) => toStorableText(v));
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const cleaned = entries.map(([k, v]) => [cleanString(k), toStorableText(v)] as const);
    const changed = cleaned.some(([k, v], i) => k !== entries[i][0] || v !== entries[i][1]);
    return (changed ? Object.fromEntries(cleaned) : value) as T;
  }
  return value;
}
