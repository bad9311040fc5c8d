import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestMicroservice } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Dovecot, SmtpSink } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { MailFiles } from '../src/state/mail-files.js';
import { InboundChannels } from '../src/inbound/inbound-channels.service.js';
import {
  customerMail,
  startEmailPlugin,
  startMailServers,
  stopMailServers,
  useMailRig,
  waitFor,
} from './support.js';

describe('email intake: IMAP and SMTP', () => {
  let hub: TestHub;
  let dovecot: Dovecot;
  let sink: SmtpSink;
  let plugin: INestMicroservice | null = null;
  const subjects = async (text: string) =>
    (await hub.core.cases.list({ text, limit: 100 })).items.map((c) => c.subject).sort();

  beforeAll(async () => {
    ({ hub, dovecot, sink } = await startMailServers());
  });
  afterAll(async () => {
    await plugin?.close();
    await stopMailServers({ hub, dovecot, sink });
  });

  it('after a restart neither imports a mail again nor skips one', async () => {
    plugin = await startEmailPlugin(hub, { dovecot, sink }, { EMAIL_ACKNOWLEDGE: 'false' });
    const user = dovecot.users[0];
    await dovecot.append(
      user,
      customerMail({ subject: 'Restart one', messageId: '<r1@example.com>', body: 'one' }),
    );
    await waitFor(async () => expect(await subjects('Restart')).toEqual(['Restart one']));

    await plugin.close();
    plugin = null;
    // While the plugin is down, mail keeps arriving.
    await dovecot.append(
      user,
      customerMail({ subject: 'Restart two', messageId: '<r2@example.com>', body: 'two' }),
    );
    await dovecot.append(
      user,
      customerMail({ subject: 'Restart three', from: 'carl@example.com', body: 'no id' }),
    );

    plugin = await startEmailPlugin(hub, { dovecot, sink }, { EMAIL_ACKNOWLEDGE: 'false' });
    await waitFor(async () =>
      expect(await subjects('Restart')).toEqual(['Restart one', 'Restart three', 'Restart two']),
    );
    const [first] = (await hub.core.cases.list({ text: 'Restart one' })).items;
    expect((await hub.core.cases.messages(first.id)).items).toHaveLength(1);
    expect((await dovecot.messages(user)).every((m) => m.flags.includes('\\Seen'))).toBe(true);
  });

  it('keeps an automatic reply on its case without acknowledging it, and opens no case for one', async () => {
    await plugin?.close();
    plugin = await startEmailPlugin(hub, { dovecot, sink });
    const user = dovecot.users[0];
    await dovecot.append(
      user,
      customerMail({
        subject: 'Kettle leaks',
        messageId: '<k1@example.com>',
        from: 'dora@example.com',
        body: 'It leaks.',
      }),
    );
    const [kettle] = await waitFor(async () => {
      const { items } = await hub.core.cases.list({ text: 'Kettle' });
      expect(items).toHaveLength(1);
      return items;
    });
    await waitFor(() =>
      expect(sink.messages.filter((m) => m.envelope.to[0] === 'dora@example.com')).toHaveLength(1),
    );

    await dovecot.append(
      user,
      customerMail({
        subject: `Automatic reply: Re: Kettle leaks [#${kettle.number}]`,
        messageId: '<k2@example.com>',
        from: 'dora@example.com',
        inReplyTo: '<k1@example.com>',
        extra: ['Auto-Submitted: auto-replied'],
        body: 'I am away until Monday.',
      }),
    );
    await dovecot.append(
      user,
      customerMail({
        subject: 'Out of Office',
        messageId: '<oof@example.com>',
        from: 'stranger@example.com',
        extra: ['Auto-Submitted: auto-generated'],
        body: 'Away.',
      }),
    );
    // The mailbox is read in order: once a later ordinary mail has opened its case and been
    // acknowledged, the out-of-office before it has been seen and passed over.
    await dovecot.append(
      user,
      customerMail({
        subject: 'Marker after the auto-replies',
        messageId: '<marker@example.com>',
        from: 'eve@example.com',
        body: 'An ordinary request.',
      }),
    );
    await waitFor(async () =>
      expect((await hub.core.cases.messages(kettle.id)).items).toHaveLength(2),
    );
    await waitFor(() =>
      expect(sink.messages.filter((m) => m.envelope.to[0] === 'eve@example.com')).toHaveLength(1),
    );
    expect((await hub.core.cases.list({ text: 'Office' })).items).toEqual([]);
    expect(sink.messages.filter((m) => m.envelope.to[0] === 'dora@example.com')).toHaveLength(1);
  });

  it('takes mail over SMTP, refuses what is too big or not ours, and quarantines what it cannot read', async () => {
    await plugin?.close();
    plugin = await startEmailPlugin(
      hub,
      { sink },
      {
        SMTP_LISTEN_PORT: '0',
        SMTP_LISTEN_HOST: '127.0.0.1',
        SMTP_LISTEN_DOMAINS: 'acme.example',
        EMAIL_MAX_MESSAGE_BYTES: '65536',
      },
    );
    const port = plugin.get(InboundChannels).smtpPort!;
    const mta = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
    });

    await mta.sendMail({
      from: 'Eve <eve@example.com>',
      to: 'support@acme.example',
      subject: 'Toaster sparks',
      text: 'Sparks!',
    });
    await waitFor(async () => expect(await subjects('Toaster')).toEqual(['Toaster sparks']));

    await expect(
      mta.sendMail({
        from: 'eve@example.com',
        to: 'someone@other.example',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      mta.sendMail({
        from: 'eve@example.com',
        to: 'support@acme.example',
        subject: 'Huge',
        text: 'x'.repeat(100_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });

    const noSender = Buffer.from(
      'To: support@acme.example\r\nSubject: Who am I\r\n\r\nNo From line.\r\n',
    );
    await mta.sendMail({
      envelope: { from: 'x@example.com', to: ['support@acme.example'] },
      raw: noSender,
    });
    const quarantined = await plugin.get(MailFiles).quarantined();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0].reason).toMatch(/^smtp from .*: no From address$/);
    expect(await plugin.get(MailFiles).quarantinedRaw(quarantined[0].name)).toEqual(noSender);
    expect(await subjects('Who am I')).toEqual([]);
  });
});

describe('email delivery: failures are reported, never dropped', () => {
  const rig = useMailRig({ EMAIL_ACKNOWLEDGE: 'false' });

  const emailCase = (email: string, subject: string) =>
    rig.hub.core.cases.create({ subject, channel: 'email', contact: { email } });
  const status = async (caseId: string, messageId: string) =>
    (await rig.hub.core.cases.messages(caseId)).items.find((m) => m.id === messageId);

  it('marks a reply the mail server refuses for good as failed, with the reason', async () => {
    rig.sink.reject['gone@example.com'] = {
      code: 550,
      message: '5.1.1 <gone@example.com>: user unknown',
    };
    const c = await emailCase('gone@example.com', 'Refused');
    const reply = await rig.hub.core.cases.addMessage(c.id, { body: 'Hello?' });
    await waitFor(async () =>
      expect(await status(c.id, reply.id)).toMatchObject({
        deliveryStatus: 'failed',
        deliveryError: expect.stringContaining('5.1.1'),
      }),
    );
    expect(await rig.hub.deadLetters('email')).toEqual([]);
  });

  it('retries while the mail server says "try later", then delivers', async () => {
    rig.sink.reject['busy@example.com'] = {
      code: 451,
      message: '4.7.1 greylisted, try again later',
    };
    const c = await emailCase('busy@example.com', 'Greylisted');
    const reply = await rig.hub.core.cases.addMessage(c.id, { body: 'Your refund is on its way.' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await status(c.id, reply.id))?.deliveryStatus).toBe('pending');
    delete rig.sink.reject['busy@example.com'];
    await waitFor(async () => expect((await status(c.id, reply.id))?.deliveryStatus).toBe('sent'));
    expect(rig.sink.messages.filter((m) => m.envelope.to[0] === 'busy@example.com')).toHaveLength(
      1,
    );
  });

  it('marks a delivered reply bounced when the bounce comes back', async () => {
    const c = await emailCase('moved@example.com', 'Will bounce');
    const reply = await rig.hub.core.cases.addMessage(c.id, { body: 'Here is your invoice.' });
    await waitFor(async () => expect((await status(c.id, reply.id))?.deliveryStatus).toBe('sent'));
    const sent = rig.sink.messages.find((m) => m.envelope.to[0] === 'moved@example.com')!;
    await rig.dovecot.append(
      rig.dovecot.users[0],
      [
        'From: MAILER-DAEMON@mx.example.com',
        'To: support@acme.example',
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce1@mx.example.com>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.com',
        '',
        'Final-Recipient: rfc822; moved@example.com',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <moved@example.com>: mailbox moved',
        '--b',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${sent.parsed.messageId}`,
        'Subject: Re: Will bounce',
        '--b--',
        '',
      ].join('\r\n'),
    );
    await waitFor(async () =>
      expect(await status(c.id, reply.id)).toMatchObject({
        deliveryStatus: 'bounced',
        deliveryError: 'smtp; 550 5.1.1 <moved@example.com>: mailbox moved',
      }),
    );
    expect((await rig.hub.core.cases.list({ text: 'Undelivered' })).items).toEqual([]);
  });
});
