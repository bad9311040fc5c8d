import http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { customerMail, useMailRig, waitFor } from './support.js';

/**
 * The whole round, on real servers: a customer's mail lands in Dovecot, the plugin reads it over
 * IMAP, the core opens a case, the customer gets an acknowledgement and, later, the agent's reply
 * through a real SMTP server, threaded; the customer's answer joins the same case.
 */
describe('email: a conversation by mail', () => {
  let kase: CaseView;
  const rig = useMailRig();

  it('opens a case for a new mail and acknowledges it, threaded, as an automatic reply', async () => {
    await rig.dovecot.append(
      rig.dovecot.users[0],
      customerMail({
        subject: 'Blender jug cracked',
        messageId: '<c1@example.com>',
        body: 'The jug of my new blender arrived cracked. Order 5521.',
      }),
    );
    kase = await waitFor(async () => {
      const { items } = await rig.hub.core.cases.list({ text: 'Blender jug' });
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(kase).toMatchObject({
      channel: 'email',
      contact: { email: 'ann@example.com', name: 'Ann Lee' },
    });

    const [ack] = await rig.sink.waitFor(1);
    expect(ack.envelope.to).toEqual(['ann@example.com']);
    expect(ack.parsed.subject).toBe(`We have your request: Blender jug cracked [#${kase.number}]`);
    expect(ack.parsed.inReplyTo).toBe('<c1@example.com>');
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.replyTo?.value[0].address).toBe('support@acme.example');
    expect(ack.parsed.text).toContain(`case #${kase.number}`);
    expect(ack.parsed.html).toContain(`<strong>#${kase.number}</strong>`);
    // The mail was taken once, and marked read in the mailbox.
    expect((await rig.dovecot.messages(rig.dovecot.users[0])).map((m) => m.flags)).toEqual([
      ['\\Seen'],
    ]);
  });

  it("delivers the agent's reply threaded, and reports it sent", async () => {
    // An attachment from a URL, and the customer's own mail forwarded from what the plugin keeps.
    const files = http.createServer((_req, res) => res.end('%PDF-1.4 shipping label')).listen(0);
    const port = (files.address() as { port: number }).port;
    const [first] = (await rig.hub.core.cases.messages(kase.id)).items;
    const original = first.attachments.find((a) => a.filename === 'original.eml')!;
    const reply = await rig.hub.core.cases.addMessage(kase.id, {
      body: 'Sorry about that! A new jug is on its way <by courier>.\n\nBest, Sam',
      attachments: [
        {
          filename: 'label.pdf',
          contentType: 'application/pdf',
          size: 23,
          url: `http://127.0.0.1:${port}/label.pdf`,
        },
        original,
      ],
    });
    const [, mail] = await rig.sink.waitFor(2);
    expect(mail.parsed.subject).toBe(`Re: Blender jug cracked [#${kase.number}]`);
    expect(mail.parsed.messageId).toBe(`<casehub.reply.${reply.id}@acme.example>`);
    expect(mail.parsed.inReplyTo).toBe('<c1@example.com>');
    expect(mail.parsed.references).toBe('<c1@example.com>');
    expect(mail.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(mail.parsed.text).toContain('A new jug is on its way <by courier>.');
    expect(mail.parsed.html).toContain('A new jug is on its way &lt;by courier&gt;.');
    files.close();
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['label.pdf', 'application/pdf'],
      ['original.eml', 'message/rfc822'],
    ]);
    expect(mail.parsed.attachments[0].content.toString()).toBe('%PDF-1.4 shipping label');
    expect(mail.parsed.attachments[1].content.toString()).toContain('Message-ID: <c1@example.com>');
    await waitFor(async () => {
      const { items } = await rig.hub.core.cases.messages(kase.id);
      expect(items.find((m) => m.id === reply.id)).toMatchObject({
        deliveryStatus: 'sent',
        providerMessageId: `<casehub.reply.${reply.id}@acme.example>`,
      });
    });
  });

  it("puts the customer's answer on the same case, without the quoted text, and sends no second acknowledgement", async () => {
    const [, ourReply] = rig.sink.messages;
    await rig.dovecot.append(
      rig.dovecot.users[0],
      customerMail({
        subject: `Re: Blender jug cracked [#${kase.number}]`,
        messageId: '<c2@example.com>',
        inReplyTo: ourReply.parsed.messageId,
        references: ['<c1@example.com>', ourReply.parsed.messageId!],
        body: `Great, thank you!\r\n\r\nOn Tue, Nov 24, 2026, Acme Support wrote:\r\n> Sorry about that! A new jug is on its way.`,
      }),
    );
    await waitFor(async () => {
      const { items } = await rig.hub.core.cases.messages(kase.id);
      expect(items.filter((m) => m.authorType === 'contact').map((m) => m.body)).toEqual([
        'The jug of my new blender arrived cracked. Order 5521.',
        'Great, thank you!',
      ]);
    });
    const contactMessages = (await rig.hub.core.cases.messages(kase.id)).items.filter(
      (m) => m.authorType === 'contact',
    );
    expect(contactMessages[1].attachments.map((a) => a.filename)).toEqual(['original.eml']);
    expect((await rig.hub.core.cases.list({ text: 'Blender jug' })).items).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(rig.sink.messages).toHaveLength(2);
  });

  it('tells the customer when the case is resolved, as an automatic mail in the thread', async () => {
    await rig.hub.core.cases.transition(kase.id, { to: 'resolved' });
    const notice = (await rig.sink.waitFor(3))[2];
    expect(notice.parsed.subject).toBe(`Resolved: Blender jug cracked [#${kase.number}]`);
    expect(notice.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(notice.parsed.inReplyTo).toBe('<c2@example.com>');
  });
});
