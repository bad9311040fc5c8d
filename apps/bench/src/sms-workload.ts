/**
 * The texts of `pnpm bench:sms`, made the same way in every process that needs them (the
 * orchestrator builds the events, the raw baseline the sends): deterministic from a tag, so two
 * processes agree without sending them to each other (as email-workload.ts does for mail).
 *
 * Public agent replies on sms cases (`deliveryStatus: 'pending'`, channel `sms`), the case's
 * contact with a mobile number, `repliesPerCase` per case, published round robin over the cases,
 * each case's replies with sequence 1, 2, … as the relay numbers a case's events. Bodies are 60 to
 * 480 characters of GSM-7 text (one to four segments), each starting with the case number and the
 * reply's: under Twilio's 1,600 characters, so each reply is one message at the provider.
 */
import type { CaseView, MessageView } from '@casehub/domain';
import { prng, stableUuid } from './email-workload.js';

/** The support line's number (the fake's account owns it). */
export const SUPPORT_NUMBER = '+15017122661';

const NAMES = ['Ann Lee', 'Bruno Costa', 'Chiara Rossi', 'Dmitri Ivanov', 'Emma Schulz'];

const SENTENCES = [
  'Thanks for your patience.',
  'Your replacement ships today.',
  'The courier comes between 9 and 12 tomorrow.',
  'We refunded the duplicate charge; it takes 3 to 5 working days.',
  'Please reply with the serial number on the back of the device.',
  'Your new password link is in your inbox.',
  'The engineer is booked for Tuesday morning.',
  'No need to send the damaged item back.',
  'Your subscription is cancelled and will not renew.',
  'Let us know if there is anything else we can do.',
] as const;

export interface SmsItem {
  case: CaseView;
  message: MessageView;
  /** The case's sequence of this event (1, 2, … per case). */
  sequence: number;
}

/** A valid North American mobile-looking number for case `i` (exchange starting 2–9). */
export function phoneOf(i: number): string {
  return `+1415${2 + (i % 8)}${String(Math.floor(i / 8) % 1_000_000).padStart(6, '0')}`;
}

/** `messages` agent replies over ceil(messages / repliesPerCase) cases, in publishing order. */
export function smsWorkload(tag: string, messages: number, repliesPerCase: number): SmsItem[] {
  const caseCount = Math.ceil(messages / repliesPerCase);
  const at = '2026-11-24T09:00:00.000Z';
  const cases: CaseView[] = Array.from({ length: caseCount }, (_, i) => {
    const rnd = prng(`${tag}:sms-case:${i}`);
    return {
      id: stableUuid(tag, 'sms-case', i),
      number: 10_000 + i,
      subject: `Text from ${phoneOf(i)}`,
      description: null,
      status: 'open',
      priority: 'normal',
      channel: 'sms',
      contact: {
        id: stableUuid(tag, 'sms-contact', i),
        name: NAMES[Math.floor(rnd() * NAMES.length)],
        email: null,
        phone: phoneOf(i),
      },
      ownerId: 'agent-1',
      assigneeId: 'agent-1',
      groupId: null,
      tier: 1,
      tags: [],
      customFields: {},
      businessImpact: null,
      followUpOf: null,
      reopenCount: 0,
      createdAt: at,
      updatedAt: at,
      firstResponseAt: at,
      resolvedAt: null,
      closedAt: null,
      version: 2,
    };
  });
  const out: SmsItem[] = [];
  for (let k = 0; out.length < messages; k++) {
    for (let i = 0; i < caseCount && out.length < messages; i++) {
      const c = cases[i];
      const n = out.length;
      const rnd = prng(`${tag}:sms-reply:${n}`);
      const length = 60 + Math.floor(rnd() * 420);
      // Numbered, as agents' macros often are: no two texts to one phone are the same (the fake
      // counts a second request with the same To and Body as the same text sent again).
      const words: string[] = [`#${c.number}/${k + 1}:`];
      while (words.join(' ').length < length)
        words.push(SENTENCES[Math.floor(rnd() * SENTENCES.length)]);
      out.push({
        case: { ...c, version: c.version + k },
        sequence: k + 1,
        message: {
          id: stableUuid(tag, 'sms-message', n),
          caseId: c.id,
          visibility: 'public',
          authorType: 'agent',
          authorId: 'agent-1',
          body: words.join(' '),
          attachments: [],
          channel: 'sms',
          createdAt: at,
          providerMessageId: null,
          deliveryStatus: 'pending',
          deliveryError: null,
        },
      });
    }
  }
  return out;
}
