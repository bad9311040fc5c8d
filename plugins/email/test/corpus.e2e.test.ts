import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAP_USER } from '@casehub/test-support';
import type { CaseView, MessageView } from '@casehub/domain';
import { readMail } from '../src/inbound/read-mail.js';
import { MailFiles } from '../src/state/mail-files.js';
import { customerMail, useMailRig, waitFor } from './support.js';
import { CORPUS, HUGE, corpusFiles, corpusMail, hugeMail, type Expected } from './corpus.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const limits = { maxAttachmentBytes: 10 * 1024 * 1024, blockedAttachmentTypes: [] };

/**
 * The whole corpus through the real pipeline: every file appended to Dovecot, read by the plugin
 * over IMAP, handed to a real core. Nothing is lost: each mail is a message on a case (its bytes
 * kept as original.eml), a bounce reported on the reply it names, or quarantined with its bytes
 * and the reason; and the plugin takes a normal mail after all of them.
 */
describe('email: the corpus of odd real-world mails, through Dovecot, the plugin and the core', () => {
  const rig = useMailRig();

  it('makes every mail a message, a bounce or a quarantined file, then takes a normal mail', async () => {
    const mails = new Map<string, { raw: Buffer; e: Expected }>([
      ...corpusFiles().map((f) => [f, { raw: corpusMail(f), e: CORPUS[f] }] as const),
      ['(generated) 12 MiB attachment', { raw: hugeMail(), e: HUGE }],
    ]);
    const messages = [...mails].flatMap(([file, { raw, e }]) =>
      e.kind === 'message' ? [{ file, raw, e }] : [],
    );
    // The Message-ID each will carry in the core (made of the bytes where the mail has none).
    const idOf = new Map<string, string>();
    for (const { file, raw } of messages) {
      const r = await readMail(raw, limits, new Date());
      if (r.kind === 'message') idOf.set(file, r.message.providerMessageId);
    }
    const opening = messages.filter((m) => !m.e.autoReply);
    const joining = messages.filter((m) => m.e.joins);

    // First everything but the automatic replies that answer mails of the corpus, then those.
    for (const [file, { raw }] of mails) {
      if (!joining.some((m) => m.file === file)) await rig.dovecot.append(DEFAULT_IMAP_USER, raw);
    }
    const inCore = (expectedCount: number) =>
      waitFor(async () => {
        const found = new Map<string, { kase: CaseView; message: MessageView }>();
        const { items } = await rig.hub.core.cases.list({ limit: 100 });
        for (const kase of items) {
          for (const message of (await rig.hub.core.cases.messages(kase.id)).items) {
            if (message.providerMessageId) found.set(message.providerMessageId, { kase, message });
          }
        }
        expect(found.size).toBe(expectedCount);
        return { found, cases: items };
      }, 120_000);
    const before = await inCore(opening.length);
    // The cases the automatic replies answer wait on the customer: an automatic reply must
    // leave them so (a read receipt taken for the customer's answer would reopen them).
    const answered = [...new Set(joining.map((m) => (m.e.kind === 'message' ? m.e.joins! : '')))];
    const answeredCases = answered.map((f) => before.found.get(idOf.get(f)!)!.kase.id);
    for (const id of answeredCases) await rig.hub.core.cases.transition(id, { to: 'pending' });
    for (const { raw } of joining) await rig.dovecot.append(DEFAULT_IMAP_USER, raw);

    const { found, cases } = await inCore(opening.length + joining.length);
    // Bounces, automatic replies and the read receipt opened no case…
    expect(cases).toHaveLength(opening.length);
    // …and changed none.
    for (const id of answeredCases)
      expect((await rig.hub.core.cases.get(id)).status).toBe('pending');

    const files = rig.plugin.get(MailFiles);
    const kept = async (url: string | undefined) => {
      const prefix = `nats-object://${files.bucket}/`;
      expect(url?.startsWith(prefix)).toBe(true);
      return files.read(decodeURIComponent(url!.slice(prefix.length)));
    };
    for (const { file, raw, e } of messages) {
      if (e.kind !== 'message') continue;
      const id = idOf.get(file)!;
      if (e.autoReply && !e.joins) continue; // automatic mail on no case: below
      const at = found.get(id);
      expect(at, `${file} is a message in the core`).toBeDefined();
      const { kase, message } = at!;
      if (e.joins) {
        expect(kase.id, `${file} joins the case of ${e.joins}`).toBe(
          found.get(idOf.get(e.joins)!)!.kase.id,
        );
      } else {
        expect({
          subject: kase.subject,
          email: kase.contact?.email,
          name: kase.contact?.name,
        }).toEqual({ subject: e.subject, email: e.from, name: e.name });
      }
      expect(message.authorType).toBe('contact');
      expect(message.authorId).toBe(kase.contact?.id);
      for (const text of e.body) expect(message.body, file).toContain(text);
      expect(
        message.attachments.map((a) => [a.filename, a.contentType, a.contentId]),
        file,
      ).toEqual([
        ...e.attachments.map((a, i) => [
          a.filename ?? `attachment-${i + 1}`,
          a.contentType,
          a.contentId,
        ]),
        ['original.eml', 'message/rfc822', undefined],
      ]);
      for (const [i, want] of e.attachments.entries()) {
        const data = await kept(message.attachments[i].url);
        expect(data?.subarray(0, (want.magic?.length ?? 0) / 2).toString('hex')).toBe(
          want.magic ?? '',
        );
      }
      // The mail exactly as it came in, every byte.
      const original = await kept(message.attachments.at(-1)!.url);
      expect(original && sha256(original), `${file}: original.eml`).toBe(sha256(raw));
    }

    // Automatic mail that answers no case reached the core, which keeps it only on a case.
    const handedOver = (await rig.hub.events('inbound.message')).map((ev) => ev.data);
    for (const { file, e } of messages) {
      if (e.kind !== 'message' || !e.autoReply || e.joins) continue;
      expect(handedOver.find((m) => m.providerMessageId === idOf.get(file))).toMatchObject({
        from: { value: e.from },
        subject: e.subject,
        autoReply: true,
      });
      expect(found.has(idOf.get(file)!)).toBe(false);
    }

    // Each bounce is reported against the reply it names, with the reason.
    const deliveries = (await rig.hub.events('inbound.delivery')).map((ev) => ev.data);
    for (const [file, { e }] of mails) {
      if (e.kind !== 'bounce') continue;
      expect(
        deliveries.filter((d) => d.messageId === e.messageId),
        file,
      ).toEqual([expect.objectContaining({ status: 'bounced', error: e.reason })]);
    }

    // The unreadable ones are in quarantine: their bytes, and why.
    const quarantined = await files.quarantined();
    const expectedQuarantine = [...mails].filter(([, { e }]) => e.kind === 'quarantine');
    expect(quarantined).toHaveLength(expectedQuarantine.length);
    for (const [file, { raw, e }] of expectedQuarantine) {
      if (e.kind !== 'quarantine') continue;
      const q = quarantined.find((x) => x.name === `${sha256(raw)}.eml`);
      expect(q?.reason, file).toMatch(/^imap .* uid \d+: /);
      expect(q?.reason.endsWith(`: ${e.reason}`), `${file}: ${q?.reason}`).toBe(true);
      expect(sha256((await files.quarantinedRaw(q!.name))!)).toBe(sha256(raw));
    }

    // An acknowledgement for each case opened, none to a machine or a list.
    const acknowledged = opening.filter((m) => m.e.kind === 'message' && !m.e.bulk);
    const acks = await rig.sink.waitFor(acknowledged.length, 30_000);
    expect(acks.flatMap((m) => m.envelope.to).sort()).toEqual(
      acknowledged.map((m) => (m.e.kind === 'message' ? m.e.from : '')).sort(),
    );

    // Still running: a plain mail after all of that opens its case.
    await rig.dovecot.append(
      DEFAULT_IMAP_USER,
      customerMail({
        subject: 'Still there after the corpus?',
        messageId: '<after-corpus@example.com>',
        body: 'Just checking.',
      }),
    );
    await waitFor(async () => {
      const { items } = await rig.hub.core.cases.list({ text: 'Still there after the corpus' });
      expect(items.map((c) => c.contact?.email)).toEqual(['ann@example.com']);
    });
    await waitFor(async () => {
      const inbox = await rig.dovecot.messages(DEFAULT_IMAP_USER);
      expect(inbox).toHaveLength(mails.size + 1);
      expect(inbox.filter((m) => !m.flags.includes('\\Seen'))).toEqual([]);
    });
  });
});
