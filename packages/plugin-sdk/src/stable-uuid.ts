import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id that is the same for the same parts: the id of something published again
 * after a crash or timeout (JetStream and the core then see one thing, not two).
 */
export function stableUuid(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
