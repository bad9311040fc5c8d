import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Hub-Signature-256` Meta sends with each webhook POST (WhatsApp Cloud API, Messenger,
 * Instagram): `sha256=` and the hex HMAC-SHA256 of the body's bytes, keyed with the app secret.
 * For fakes and tests.
 *
 * @example metaSignature('app-secret', Buffer.from('{"object":"page"}'))
 */
export function metaSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Whether `header` is Meta's signature over exactly these bytes. Checked over the raw body as
 * received (a body parsed and serialised again differs, non-ASCII text above all), in constant
 * time. Never throws: a missing, repeated or malformed header, or an empty secret (anyone could
 * sign for it), gives false.
 */
export function verifyMetaSignature(
  appSecret: string,
  rawBody: Buffer | undefined | null,
  header: string | readonly string[] | undefined | null,
): boolean {
  if (!appSecret || !rawBody || typeof header !== 'string') return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

/** The query of Meta's `GET` subscription handshake. */
export interface MetaHandshake {
  'hub.mode'?: string | string[];
  'hub.verify_token'?: string | string[];
  'hub.challenge'?: string | string[];
}

/**
 * Answers Meta's webhook verification: the challenge to echo back when the mode is `subscribe`
 * and the verify token is ours (compared in constant time), else null (answer 403).
 */
export function metaChallenge(verifyToken: string, query: MetaHandshake): string | null {
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  const mode = one(query['hub.mode']);
  const token = one(query['hub.verify_token']);
  const challenge = one(query['hub.challenge']);
  if (!verifyToken || mode !== 'subscribe' || token === undefined || !challenge) return null;
  return sameSecret(verifyToken, token) ? challenge : null;
}

/** Two secrets compared in constant time (for their length's sake, as SHA-256 digests). */
export function sameSecret(
  expected: string,
  given: string | readonly string[] | undefined | null,
): boolean {
  if (!expected || typeof given !== 'string') return false;
  const digest = (s: string) => createHmac('sha256', 'casehub').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
