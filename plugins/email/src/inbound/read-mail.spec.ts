import { describe, expect, it } from 'vitest';
import { readMail } from './read-mail.js';

const limits = { maxAttachmentBytes: 1024, blockedAttachmentTypes: ['application/x-msdownload'] };
const at = new Date('2026-11-24T10:00:00Z');
const mail = (headers: string, body: string) =>
  Buffer.from(`${headers.trim().replace(/\n/g, '\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}`);

describe('readMail', () => {
  it("reads a customer's reply: sender, threading clues, the new text without the quote", async () => {
    const r = await readMail(
      mail(
        `From: "Ann Lee" <Ann@Example.COM>
To: support@acme.example
Subject: Re: Broken blender [#42]
Message-ID: <m2@example.com>
In-Reply-To: <casehub.reply.0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000@acme.example>
References: <m1@example.com> <casehub.reply.0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000@acme.example>
Content-Type: text/plain; charset=utf-8`,
        `Thanks, the new jug fits.

On Tue, Nov 24, 2026 at 9:00 AM Acme Support <support@acme.example> wrote:
> We sent a new jug.
> Best, Acme`,
      ),
      limits,
      at,
    );
    expect(r.kind).toBe('message');
    if (r.kind !== 'message') return;
    expect(r.message).toMatchObject({
      channel: 'email',
      from: { kind: 'email', value: 'ann@example.com', name: 'Ann Lee' },
      providerMessageId: '<m2@example.com>',
      subject: 'Re: Broken blender [#42]',
      body: 'Thanks, the new jug fits.',
      receivedAt: at.toISOString(),
      autoReply: false,
      threading: {
        inReplyTo: '<casehub.reply.0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000@acme.example>',
        references: [
          '<m1@example.com>',
          '<casehub.reply.0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000@acme.example>',
        ],
        caseNumber: 42,
      },
    });
  });

  it('gives a mail without a Message-ID a stable one', async () => {
    const raw = mail('From: bob@example.com\nSubject: hi', 'no id');
    const a = await readMail(raw, limits, at);
    const b = await readMail(raw, limits, at);
    expect(a.kind === 'message' && a.message.providerMessageId).toMatch(
      /^<sha256\.[0-9a-f]{40}@casehub\.invalid>$/,
    );
    expect(a).toEqual(b);
  });

  it('marks automatic replies', async () => {
    for (const h of ['Auto-Submitted: auto-replied', 'Precedence: junk', 'X-Autoreply: yes']) {
      const r = await readMail(
        mail(`From: bob@example.com\nSubject: Re: x\n${h}`, 'away'),
        limits,
        at,
      );
      expect(r.kind === 'message' && r.message.autoReply).toBe(true);
    }
    const vacation = await readMail(
      mail('From: bob@example.com\nSubject: Out of Office: back Monday', 'away'),
      limits,
      at,
    );
    expect(vacation.kind === 'message' && vacation.message.autoReply).toBe(true);
    const human = await readMail(
      mail('From: bob@example.com\nSubject: Re: x\nAuto-Submitted: no', 'me'),
      limits,
      at,
    );
    expect(human.kind === 'message' && human.message.autoReply).toBe(false);
  });

  it('takes mail to many (a list, a newsletter) as a message that gets no automatic answer', async () => {
    for (const h of [
      'Precedence: bulk',
      'Precedence: list',
      'List-Id: <users.lists.example.com>',
    ]) {
      const r = await readMail(
        mail(`From: bob@example.com\nSubject: News\n${h}`, 'news'),
        limits,
        at,
      );
      expect(r.kind === 'message' && [r.message.autoReply, r.bulk]).toEqual([false, true]);
    }
  });

  it('keeps attachments within the limits and says which it left out', async () => {
    const big = Buffer.alloc(2048, 1).toString('base64');
    const small = Buffer.from('receipt').toString('base64');
    const r = await readMail(
      mail(
        `From: bob@example.com
Subject: photos
Content-Type: multipart/mixed; boundary="b"`,
        `--b
Content-Type: text/plain

See attached.
--b
Content-Type: text/plain; name="receipt.txt"
Content-Disposition: attachment; filename="receipt.txt"
Content-Transfer-Encoding: base64

${small}
--b
Content-Type: image/jpeg; name="huge.jpg"
Content-Disposition: attachment; filename="huge.jpg"
Content-Transfer-Encoding: base64

${big}
--b
Content-Type: application/x-msdownload; name="setup.exe"
Content-Disposition: attachment; filename="setup.exe"
Content-Transfer-Encoding: base64

${small}
--b--`,
      ),
      limits,
      at,
    );
    expect(r.kind).toBe('message');
    if (r.kind !== 'message') return;
    expect(r.attachments.map((a) => a.filename)).toEqual(['receipt.txt']);
    expect(r.message.body).toContain('See attached.');
    expect(r.message.body).toContain('[huge.jpg (2048 bytes) not kept: over the size limit');
    expect(r.message.body).toContain(
      '[setup.exe (application/x-msdownload) not kept: a blocked type',
    );
  });

  it('recognises the bounce of one of our replies, with the reason', async () => {
    const r = await readMail(
      mail(
        `From: MAILER-DAEMON@mx.example.com
To: support@acme.example
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b"`,
        `--b
Content-Type: text/plain

Your message could not be delivered.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; gone@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: user unknown
--b
Content-Type: text/rfc822-headers

Message-ID: <casehub.reply.0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000@acme.example>
Subject: Re: Broken blender [#42]
--b--`,
      ),
      limits,
      at,
    );
    expect(r).toEqual({
      kind: 'bounce',
      messageId: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000',
      reason: 'smtp; 550 5.1.1 <gone@example.com>: user unknown',
    });
  });

  it('does not take a delay notice for a bounce', async () => {
    const r = await readMail(
      mail(
        `From: MAILER-DAEMON@mx.example.com
Subject: Delivery Status Notification (Delay)
Content-Type: multipart/report; report-type=delivery-status; boundary="b"`,
        `--b
Content-Type: message/delivery-status

Final-Recipient: rfc822; slow@example.com
Action: delayed
Status: 4.4.1
--b--`,
      ),
      limits,
      at,
    );
    expect(r.kind).not.toBe('bounce');
  });

  it('quarantines what it cannot take, with the reason', async () => {
    expect(await readMail(mail('Subject: who?', 'no sender'), limits, at)).toEqual({
      kind: 'quarantine',
      reason: 'no From address',
    });
    const r = await readMail(mail('From: not-an-address\nSubject: x', 'x'), limits, at);
    expect(r.kind).toBe('quarantine');
  });
});
