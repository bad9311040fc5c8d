const HOUR = 3_600_000;
/** Meta's standard messaging window: a day after the person's last message. */
export const STANDARD_WINDOW_MS = 24 * HOUR;
/** The HUMAN_AGENT tag: a human agent's reply up to seven days after it. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

/** How a message may go to a person, or why it may not. */
export type ReplyPolicy =
  | { kind: 'send'; messagingType: 'RESPONSE'; tag: null }
  | { kind: 'send'; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' }
  | { kind: 'refused'; reason: string };

export interface ReplyContext {
  /** When the person last wrote to us; null if never. */
  lastCustomerMessageAt: Date | null;
  now: Date;
  /** A reply a human agent wrote, or something automatic (a survey invitation, a bot). */
  author: 'human' | 'automatic';
  /** Meta granted the app the Human Agent permission (MESSENGER_HUMAN_AGENT). */
  humanAgentGranted: boolean;
}

/**
 * Meta's messaging windows: within 24 hours of the person's last message anything goes as
 * RESPONSE; from 24 hours to 7 days only a human agent's reply, tagged HUMAN_AGENT, and only for
 * an app granted that permission (never an automatic message: Meta's policy, and review, forbid
 * it); after 7 days nothing until the person writes again. Refusals say why, for the agent.
 */
export function replyPolicy(c: ReplyContext): ReplyPolicy {
  if (!c.lastCustomerMessageAt) {
    return refused(
      'this person has never written to us here, and Meta lets a business answer only after the person writes',
    );
  }
  const age = c.now.getTime() - c.lastCustomerMessageAt.getTime();
  if (age <= STANDARD_WINDOW_MS) return { kind: 'send', messagingType: 'RESPONSE', tag: null };
  const since = `the person last wrote ${ago(age)}`;
  if (age > HUMAN_AGENT_WINDOW_MS) {
    return refused(`${since}; Meta allows no reply more than 7 days later, until they write again`);
  }
  if (c.author !== 'human') {
    return refused(
      `${since}, past Meta's 24-hour window; after it only a human agent's reply may go (HUMAN_AGENT), never an automatic message`,
    );
  }
  if (!c.humanAgentGranted) {
    return refused(
      `${since}, past Meta's 24-hour window; a human agent's reply up to 7 days needs Meta's Human Agent permission (MESSENGER_HUMAN_AGENT=true once granted)`,
    );
  }
  return { kind: 'send', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
}

function refused(why: string): ReplyPolicy {
  return { kind: 'refused', reason: `window closed: ${why}` };
}

/** "30 hours ago", "3 days ago". */
function ago(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  return hours < 48 ? `${hours} hours ago` : `${Math.floor(hours / 24)} days ago`;
}
