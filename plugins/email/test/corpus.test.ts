import { describe, expect, it } from 'vitest';
import { emailConfigSchema } from '../src/email.config.js';
import { readMail, type MailReading } from '../src/inbound/read-mail.js';
import { CORPUS, HUGE, corpusFiles, corpusMail, hugeMail, type Expected } from './corpus.js';

// The limits a default installation runs with (10 MiB per attachment, executables blocked).
const cfg = emailConfigSchema.parse({ SMTP_URL: 'smtp://mx.acme.example', EMAIL_FROM: 'x@y.z' });
const limits = {
  maxAttachmentBytes: cfg.EMAIL_MAX_ATTACHMENT_BYTES,
  blockedAttachmentTypes: cfg.EMAIL_BLOCKED_ATTACHMENT_TYPES,
};
const at = new Date('2026-11-24T17:00:00Z');

/** Holds one reading to what the corpus says it must be, field by field. */
function expectReading(r: MailReading, e: Expected): void {
  switch (e.kind) {
    case 'quarantine':
      expect(r).toEqual({ kind: 'quarantine', reason: e.reason });
      return;
    case 'bounce':
      expect(r).toEqual({ kind: 'bounce', messageId: e.messageId, reason: e.reason });
      return;
    case 'message': {
      expect(r.kind).toBe('message');
      if (r.kind !== 'message') return;
      const m = r.message;
      expect({ from: m.from, subject: m.subject, autoReply: m.autoReply, bulk: r.bulk }).toEqual({
        from: { kind: 'email', value: e.from, name: e.name },
        subject: e.subject,
        autoReply: e.autoReply,
        bulk: e.bulk ?? false,
      });
      if (e.messageId === 'generated') {
        expect(m.providerMessageId).toMatch(/^<sha256\.[0-9a-f]{40}@casehub\.invalid>$/);
      } else expect(m.providerMessageId).toBe(e.messageId);
      if (e.references) expect(m.threading?.references).toEqual(e.references);
      for (const text of e.body) expect(m.body).toContain(text);
      for (const text of e.notBody ?? []) expect(m.body).not.toContain(text);
      // Nothing decoded into the replacement character: no byte was read in the wrong charset.
      expect(`${m.from.name} ${m.subject} ${m.body}`).not.toContain('\uFFFD');
      expect(
        r.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          contentId: a.contentId,
        })),
      ).toEqual(
        e.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          contentId: a.contentId,
        })),
      );
      e.attachments.forEach((want, i) => {
        if (!want.magic) return;
        const got = r.attachments[i].content;
        expect(got.subarray(0, want.magic.length / 2).toString('hex')).toBe(want.magic);
      });
      return;
    }
  }
}

describe('the corpus of odd real-world mails', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(corpusFiles()).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(Object.entries(CORPUS))('%s', async (file, expected) => {
    expectReading(await readMail(corpusMail(file), limits, at), expected);
  });

  it('a 12 MiB attachment over the limit is named in the body, the small one beside it kept', async () => {
    expectReading(await readMail(hugeMail(), limits, at), HUGE);
  });

  it('takes "Multipart/Report" in capitals for a report too (MIME type names ignore case)', async () => {
    const raw = corpusMail('19-bounce-postfix.eml')
      .toString('latin1')
      .replace(
        'Content-Type: multipart/report; report-type=delivery-status;',
        () => 'Content-Type: Multipart/Report; Report-Type=Delivery-Status;',
      );
    expectReading(
      await readMail(Buffer.from(raw, 'latin1'), limits, at),
      CORPUS['19-bounce-postfix.eml'],
    );
  });

  it('reads raw 8-bit headers in the charset the mail declares when they are not UTF-8', async () => {
    // Shift_JIS bytes written straight into the Subject, as some Japanese mailers do.
    const subject = Buffer.from('95d4956982c982c282a282c4', 'hex'); // 返品について
    const raw = Buffer.concat([
      Buffer.from('From: suzuki.hanako@example.co.jp\r\nSubject: '),
      subject,
      Buffer.from('\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\nbody\r\n'),
    ]);
    const r = await readMail(raw, limits, at);
    expect(r.kind === 'message' && r.message.subject).toBe('返品について');
  });
});
