import { z } from 'zod';
import { channelSchema, type Channel } from '../case/channel.js';

/** Where a contact stands on being messaged on a channel. */
export const CONSENT_STATES = ['opted_out', 'opted_in'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/**
 * What a consent covers on its channel: `messages`, anything (STOP: no replies, no surveys);
 * `surveys`, survey invitations only (the unsubscribe link of an invitation).
 */
export const CONSENT_TOPICS = ['messages', 'surveys'] as const;
export type ConsentTopic = (typeof CONSENT_TOPICS)[number];

// The keywords carriers and Twilio honour by default (CTIA, Twilio Advanced Opt-Out).
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type ConsentKeyword = 'opt-out' | 'opt-in' | 'help';

/** Channels where a message that is only a keyword speaks about consent rather than a case. */
export const KEYWORD_CHANNELS: readonly Channel[] = ['sms'];

const KEYWORDS = new Map<string, ConsentKeyword>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt-out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt-in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

/**
 * A message as a keyword reads: case, surrounding space and a closing run of "." or "!" aside,
 * full-width letters as their ASCII selves ("Ｓｔｏｐ !" reads STOP).
 */
export function keywordWord(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s.!]+$/u, '')
    .trim()
    .toUpperCase();
}

/**
 * The consent keyword a message is, when the whole message is one: "Stop." opts out, "stop
 * sending me bills" does not (a keyword inside a sentence is a customer talking).
 */
export function consentKeyword(text: string): ConsentKeyword | null {
  return KEYWORDS.get(keywordWord(text)) ?? null;
}

/** The consent state a keyword records; HELP records none. */
export function consentOfKeyword(k: ConsentKeyword): ConsentState | null {
  return k === 'opt-out' ? 'opted_out' : k === 'opt-in' ? 'opted_in' : null;
}

/** A contact's standing opt-out from a channel, as the contact API shows it. */
export const optOutSchema = z.object({
  channel: channelSchema,
  topic: z.enum(CONSENT_TOPICS),
  at: z.iso.datetime({ offset: true }),
  source: z.string().describe('What recorded it: "keyword STOP", "provider error 21610", ...'),
});
export type OptOut = z.infer<typeof optOutSchema>;

/** Whether `optOuts` keep the contact from being sent `topic` on `channel`. */
export function isOptedOut(
  optOuts: readonly Pick<OptOut, 'channel' | 'topic'>[],
  channel: Channel,
  topic: ConsentTopic,
): boolean {
  return optOuts.some(
    (o) => o.channel === channel && (o.topic === 'messages' || o.topic === topic),
  );
}

/**
 * Whether a consent record taken at `incoming` replaces the one kept (taken at `kept`): reports
 * arrive late and out of order, and an older one must not undo a newer one.
 */
export function replacesConsent(kept: Date | null, incoming: Date): boolean {
  return kept === null || incoming.getTime() > kept.getTime();
}
