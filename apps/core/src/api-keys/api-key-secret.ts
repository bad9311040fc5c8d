import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'chk_';

/** A new key: 256 random bits, recognisable by its `chk_` prefix (secret scanners can match it). */
export function newApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 is enough for keys of 256 random bits (no dictionary to attack), and it keeps
 * the per-request check cheap; passwords would need a slow hash, these do not.
 */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, PREFIX.length + 6);
}
