import { randomBytes, randomInt } from 'node:crypto';

/** A WhatsApp message id as Graph gives them: `wamid.` and base64 (with `+`, `/` and `=`). */
export function newWamid(): string {
  return `wamid.${randomBytes(30).toString('base64')}`;
}

/** A Graph object id (media, templates): a long decimal number, as a string. */
export function newGraphId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

/** The `fbtrace_id` every Graph error carries, for Meta's support to find the request. */
export function newFbtraceId(): string {
  return `A${randomBytes(16).toString('base64url').slice(0, 22)}`;
}
