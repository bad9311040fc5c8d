/**
 * Agent replies as `message.created` events carry them, for the outbound benchmarks (`bench:sms`,
 * `bench:social`), made the same way in every process that needs them (the orchestrator builds
 * the events, a raw baseline its sends): deterministic from a tag, so two processes agree without
 * sending them to each other (as email-workload.ts does for mail).
 *
 * Public agent replies (`deliveryStatus: 'pending'`) on cases of one channel, whose contact the
 * audience gives (a phone for SMS, a platform handle for social), `repliesPerCase` per case,
 * published round robin over the cases, each case's replies with sequence 1, 2, … as the relay
 * numbers a case's events. Bodies are 60 to 480 characters of GSM-7 text, each starting with the
 * case number and the reply's: one message at every provider (Twilio's 1,600 characters,
 * WhatsApp's and Telegram's 4,096, Messenger's 2,000).
 */
import type { CaseView, ContactRef, MessageView } from '@casehub/domain';
import { prng, stableUuid } from './email-workload.js';

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

export interface ReplyItem {
  case: CaseView;
  message: MessageView;
  /** The case's sequence of this event (1, 2, … per case). */
  sequence: number;
}

/** Who the replies go to: the cases' channel and each case's contact. */
export interface Audience {
  channel: CaseView['channel'];
  /** How case `i`'s contact is reached (its id and name are the workload's). */
  contact(i: number): Pick<ContactRef, 'email' | 'phone' | 'handles'>;
  subject(i: number): string;
}

/** `messages` agent replies over ceil(messages / repliesPerCase) cases, in publishing order. */
export function replyWorkload(
  tag: string,
  messages: number,
  repliesPerCase: number,
  audience: Audience,
): ReplyItem[] {
  // Seeds named after the channel: `sms-case`, `sms-message`, … as before social cases came.
  const kind = audience.channel;
  const caseCount = Math.ceil(messages / repliesPerCase);
  const at = '2026-11-24T09:00:00.000Z';
  const cases: CaseView[] = Array.from({ length: caseCount }, (_, i) => {
    const rnd = prng(`${tag}:${kind}-case:${i}`);
    return {
      id: stableUuid(tag, `${kind}-case`, i),
      number: 10_000 + i,
      subject: audience.subject(i),
      description: null,
      status: 'open',
      priority: 'normal',
      channel: audience.channel,
      contact: {
        id: stableUuid(tag, `${kind}-contact`, i),
        name: NAMES[Math.floor(rnd() * NAMES.length)],
        ...audience.contact(i),
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
  const out: ReplyItem[] = [];
  for (let k = 0; out.length < messages; k++) {
    for (let i = 0; i < caseCount && out.length < messages; i++) {
      const c = cases[i];
      const n = out.length;
      const rnd = prng(`${tag}:${kind}-reply:${n}`);
      const length = 60 + Math.floor(rnd() * 420);
      // Numbered, as agents' macros often are: no two texts to one contact are the same (a fake
      // counts a second request with the same recipient and text as the same text sent again).
      const words: string[] = [`#${c.number}/${k + 1}:`];
      while (words.join(' ').length < length)
        words.push(SENTENCES[Math.floor(rnd() * SENTENCES.length)]);
      out.push({
        case: { ...c, version: c.version + k },
        sequence: k + 1,
        message: {
          id: stableUuid(tag, `${kind}-message`, n),
          caseId: c.id,
          visibility: 'public',
          authorType: 'agent',
          authorId: 'agent-1',
          body: words.join(' '),
          attachments: [],
          channel: audience.channel,
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
