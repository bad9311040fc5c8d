import { messengerErrors, type MessengerGraphError } from './graph-error.js';
import type { MessengerPerson } from './messenger-person.js';

const HOUR = 3_600_000;
/** The standard messaging window: a day after the person's last message. */
export const STANDARD_WINDOW_MS = 24 * HOUR;
/** HUMAN_AGENT: a human's reply up to seven days after it, with the permission. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

/**
 * Whether Meta lets this send through the person's windows: RESPONSE and UPDATE within 24 hours
 * of their last message; MESSAGE_TAG with HUMAN_AGENT within 7 days, and only for an app granted
 * the Human Agent permission. Null when allowed, else the error Meta answers.
 */
export function windowRefusal(
  person: MessengerPerson,
  messagingType: string,
  tag: string | null,
  humanAgentGranted: boolean,
  now: Date,
): MessengerGraphError | null {
  const age = person.lastMessageAt ? now.getTime() - person.lastMessageAt.getTime() : Infinity;
  if (messagingType === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT') {
    if (!humanAgentGranted) return messengerErrors.humanAgentNotGranted();
    return age <= HUMAN_AGENT_WINDOW_MS ? null : messengerErrors.outsideWindow(person.platform);
  }
  if (messagingType === 'MESSAGE_TAG') {
    // The other tags (event, purchase and account updates) are Messenger's and not windowed here.
    return null;
  }
  return age <= STANDARD_WINDOW_MS ? null : messengerErrors.outsideWindow(person.platform);
}
