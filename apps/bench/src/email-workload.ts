/**
 * The mails of `pnpm bench:email`, made the same way in every process that needs them (the
 * orchestrator builds the events, the raw baseline the mails, the plugin's host the inbound
 * mails): deterministic from a tag, so two processes agree without sending them to each other.
 *
 * Outbound: public agent replies on email cases, `repliesPerCase` per case, published round
 * robin over the cases (a case's replies are spread out, as agents' are), each case's replies
 * with sequence 1, 2, … as the relay numbers a case's events.
 * Inbound: a mix of a customer's first mail (plain text, or HTML + text with an attachment) and
 * replies with the quoted mail below, each reply well after the mail it answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { CaseView, MessageView } from '@casehub/domain';

export const SUPPORT = 'Acme Support <support@acme.example>';
export const SUPPORT_TEAM = 'Acme Support';
export const SUPPORT_DOMAIN = 'acme.example';

/** A UUID-shaped id that is the same for the same parts. */
export function stableUuid(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: a small seeded PRNG, so that every process draws the same texts. */
export function prng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const SUBJECTS = [
  'Parcel arrived damaged',
  'Cannot log in after password reset',
  'Invoice 2026-1187 charged twice',
  'Where is my order #55021?',
  'Blender jug cracked after two weeks',
  'Please change my delivery address',
  'Refund not received yet',
  'Subscription renewed although I cancelled',
  'App crashes when I upload a photo',
  'Wrong size delivered, need an exchange',
] as const;

const NAMES = [
  'Ann Lee',
  'Bruno Costa',
  'Chiara Rossi',
  'Dmitri Ivanov',
  'Emma Schulz',
  'Farah Haddad',
];

const AGENT_SENTENCES = [
  'Thank you for your patience while we looked into this.',
  'I have checked your order and can confirm that a replacement left our warehouse this morning.',
  'You will receive a tracking link by email as soon as the carrier scans the parcel.',
  'I am sorry that the first delivery did not go as it should have.',
  'There is no need to send the damaged item back; please dispose of it or recycle it.',
  'I have refunded the duplicate charge; depending on your bank it takes three to five working days.',
  'If the link in the reset email has expired, you can request a new one from the sign-in page.',
  'Our engineers found the cause of the crash and the fix ships with the next app update.',
  'I have updated the delivery address on your account for this and future orders.',
  'Could you tell me the serial number printed on the bottom of the device?',
  'Your subscription is now cancelled and you will not be charged again.',
  'Let me know if there is anything else I can do for you.',
] as const;

const CUSTOMER_SENTENCES = [
  'Hello, the parcel for my order arrived yesterday but the box was crushed.',
  'The blender inside has a cracked jug and cannot be used.',
  'I attached a photo of the packaging and the damage.',
  'Could you send a replacement or the whole unit?',
  'I would rather not wait for a refund.',
  'I tried to reset my password twice but the link says it has expired.',
  'My card statement shows the same invoice twice.',
  'The tracking page has not changed for five days.',
  'I need this sorted before the weekend if at all possible.',
  'Thanks for the quick answer, that helps a lot.',
  'The replacement has not arrived yet, is there any news?',
  'Kind regards and thank you in advance.',
] as const;

/** Paragraphs of `sentences`, about `chars` long (blank lines between paragraphs). */
function prose(rnd: () => number, sentences: readonly string[], chars: number): string {
  const paras: string[] = [];
  let para: string[] = [];
  let length = 0;
  while (length < chars) {
    const s = pick(rnd, sentences);
    para.push(s);
    length += s.length + 1;
    if (para.length >= 2 + Math.floor(rnd() * 3)) {
      paras.push(para.join(' '));
      para = [];
    }
  }
  if (para.length) paras.push(para.join(' '));
  return paras.join('\n\n');
}

// ------------------------------------------------------------------------------------------
// Outbound

export interface OutboundItem {
  case: CaseView;
  message: MessageView;
  /** The case's sequence of this event (1, 2, … per case). */
  sequence: number;
}

/**
 * `mails` agent replies over ceil(mails / repliesPerCase) cases, in publishing order. Every
 * fifth case is in German (customFields.locale `de`), the rest in English. Agents' bodies are
 * 300 to 1,500 characters of plain text, in paragraphs.
 */
export function outboundWorkload(
  tag: string,
  mails: number,
  repliesPerCase: number,
): OutboundItem[] {
  const caseCount = Math.ceil(mails / repliesPerCase);
  const locales: Record<string, string>[] = [{}, {}, {}, {}, { locale: 'de' }];
  const at = '2026-11-24T09:00:00.000Z';
  const cases: CaseView[] = Array.from({ length: caseCount }, (_, i) => {
    const rnd = prng(`${tag}:case:${i}`);
    return {
      id: stableUuid(tag, 'case', i),
      number: 10_000 + i,
      subject: `${pick(rnd, SUBJECTS)} (ref ${1000 + i})`,
      description: prose(rnd, CUSTOMER_SENTENCES, 300),
      status: 'open',
      priority: 'normal',
      channel: 'email',
      contact: {
        id: stableUuid(tag, 'contact', i),
        name: pick(rnd, NAMES),
        email: `customer${i}@example.net`,
        phone: null,
      },
      ownerId: 'agent-1',
      assigneeId: 'agent-1',
      groupId: null,
      tier: 1,
      tags: [],
      customFields: locales[i % 5],
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
  const out: OutboundItem[] = [];
  for (let k = 0; out.length < mails; k++) {
    for (let i = 0; i < caseCount && out.length < mails; i++) {
      const c = cases[i];
      const n = out.length;
      const rnd = prng(`${tag}:reply:${n}`);
      out.push({
        case: { ...c, version: c.version + k },
        sequence: k + 1,
        message: {
          id: stableUuid(tag, 'message', n),
          caseId: c.id,
          visibility: 'public',
          authorType: 'agent',
          authorId: 'agent-1',
          body: prose(rnd, AGENT_SENTENCES, 300 + Math.floor(rnd() * 1200)),
          attachments: [],
          channel: 'email',
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

// ------------------------------------------------------------------------------------------
// Inbound

export type InboundKind = 'plain' | 'html+attachment' | 'reply';

export interface InboundPlanItem {
  kind: InboundKind;
  messageId: string;
  from: string;
  /** For a reply: the Message-ID of the mail it answers. */
  answers?: string;
}

/** A reply comes at least this many mails after the one it answers (it is handled after it). */
const REPLY_GAP = 100;

/**
 * Which mails, in which order: about 40 % replies (each to a first mail at least REPLY_GAP mails
 * earlier), the rest first mails of new customers, one in three with HTML and an attachment.
 */
export function inboundPlan(tag: string, count: number): InboundPlanItem[] {
  const rnd = prng(`${tag}:inbound`);
  const plan: InboundPlanItem[] = [];
  const unanswered: number[] = [];
  for (let i = 0; i < count; i++) {
    const oldest = unanswered[0];
    if (rnd() < 0.4 && oldest !== undefined && i - oldest >= REPLY_GAP) {
      unanswered.shift();
      const original = plan[oldest];
      plan.push({
        kind: 'reply',
        messageId: `<reply.${stableUuid(tag, 'in', i)}@mail.example.net>`,
        from: original.from,
        answers: original.messageId,
      });
    } else {
      unanswered.push(i);
      plan.push({
        kind: rnd() < 1 / 3 ? 'html+attachment' : 'plain',
        messageId: `<${stableUuid(tag, 'in', i)}@mail.example.net>`,
        from: `customer${i}@example.net`,
      });
    }
  }
  return plan;
}

/** The raw mails of a plan, as customers' mail clients would write them. */
export async function inboundMails(
  tag: string,
  plan: InboundPlanItem[],
  attachmentBytes: number,
): Promise<Buffer[]> {
  const texts = new Map<string, { text: string; subject: string; name: string; date: Date }>();
  const out: Buffer[] = [];
  for (const [i, item] of plan.entries()) {
    const rnd = prng(`${tag}:inbound:${i}`);
    const date = new Date(Date.UTC(2026, 10, 24, 8, 0, 0) + i * 7_000);
    if (item.kind === 'reply') {
      const original = texts.get(item.answers!)!;
      const text =
        `${prose(rnd, CUSTOMER_SENTENCES, 120 + Math.floor(rnd() * 300))}\n\n${original.name.split(' ')[0]}\n\n` +
        `On ${original.date.toUTCString()}, ${original.name} <${item.from}> wrote:\n` +
        original.text
          .split('\n')
          .map((l) => (l ? `> ${l}` : '>'))
          .join('\n');
      out.push(
        await new MailComposer({
          from: { name: original.name, address: item.from },
          to: SUPPORT,
          subject: `Re: ${original.subject}`,
          messageId: item.messageId,
          inReplyTo: item.answers,
          references: [item.answers!],
          date,
          text,
        })
          .compile()
          .build(),
      );
      continue;
    }
    const name = pick(rnd, NAMES);
    const subject = pick(rnd, SUBJECTS);
    const text = prose(rnd, CUSTOMER_SENTENCES, 200 + Math.floor(rnd() * 800));
    texts.set(item.messageId, { text, subject, name, date });
    const html =
      item.kind === 'html+attachment'
        ? `<div dir="ltr" style="font-family:Arial,sans-serif;font-size:14px">${text
            .split('\n\n')
            .map((p) => `<p>${p}</p>`)
            .join('')}<p>-- <br>${name}</p></div>`
        : undefined;
    out.push(
      await new MailComposer({
        from: { name, address: item.from },
        to: SUPPORT,
        subject,
        messageId: item.messageId,
        date,
        text,
        html,
        attachments:
          item.kind === 'html+attachment'
            ? [
                {
                  filename: `photo-${i}.jpg`,
                  contentType: 'image/jpeg',
                  content: randomBytes(attachmentBytes),
                },
              ]
            : undefined,
      })
        .compile()
        .build(),
    );
  }
  return out;
}
