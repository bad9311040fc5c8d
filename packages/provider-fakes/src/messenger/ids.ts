import { randomBytes, randomInt } from 'node:crypto';
import type { MessengerPlatform } from './messenger-person.js';

/** A numeric id as Meta gives people and pages: 15–17 digits, no leading zero. */
export function numericId(digits = 16): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}

/**
 * A message id: Messenger's start with `m_`, Instagram's are base64 of an internal item key.
 * Both are opaque strings to a plugin; these keep to URL-safe characters.
 */
export function newMid(platform: MessengerPlatform): string {
  if (platform === 'messenger') return `m_${randomBytes(48).toString('base64url')}`;
  const item = `ig_message_item:1:IGMessageThread:${numericId(17)}:${randomBytes(12).toString('hex')}`;
  return Buffer.from(item).toString('base64url');
}

/** Graph's `fbtrace_id`: an opaque request id in every error body. */
export function newTraceId(): string {
  return randomBytes(8).toString('base64url');
}

/** A conversation (thread) id as the Conversations API shows it. */
export function newThreadId(): string {
  return `t_${numericId(16)}`;
}
