import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestMicroservice } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '@casehub/test-support';
import { startTestHub, surveyInvitation, type TestHub } from '@casehub/plugin-testkit';
import { InboundChannels } from '../src/inbound/inbound-channels.service.js';
import { startEmailPlugin, stopMailServers, waitFor } from './support.js';

/** The header as it went over the wire (folding undone). */
const headerLine = (mail: ReceivedMail, name: string) =>
  mail.parsed.headerLines
    .filter((h) => h.key === name.toLowerCase())
    .map((h) => h.line.replace(/\r?\n[ \t]+/g, ' '));

/** The hrefs of the HTML part (only `&` needs decoding: `=` must be there as it is). */
const hrefs = (mail: ReceivedMail) =>
  [...String(mail.parsed.html).matchAll(/<a href="([^"]*)"/g)].map(([, href]) =>
    href.replace(/&amp;/g, '&'),
  );

/**
 * Survey invitations by mail, on real servers: a customer writes in over SMTP, the case is
 * resolved in the core, and the `survey.invited` the core would emit reaches the plugin through
 * JetStream; what arrives at the SMTP server is what the customer's mail client gets.
 */
describe('email: survey invitations', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let plugin: INestMicroservice;
  const mailsTo = (address: string) => sink.messages.filter((m) => m.envelope.to[0] === address);

  beforeAll(async () => {
    // One after the other: afterAll stops what started, even when the second fails.
    hub = await startTestHub();
    sink = await startSmtpSink();
    plugin = await startEmailPlugin(
      hub,
      { sink },
      { SMTP_LISTEN_PORT: '0', SMTP_LISTEN_HOST: '127.0.0.1' },
    );
  });
  afterAll(async () => {
    await plugin?.close();
    await stopMailServers({ hub, sink });
  });

  it('invites the customer in their language, threaded, with one link per score and one-click unsubscribe, once', async () => {
    await nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: plugin.get(InboundChannels).smtpPort!,
        secure: false,
        ignoreTLS: true,
      })
      .sendMail({
        from: 'Ann Lee <ann@example.com>',
        to: 'support@acme.example',
        subject: 'Kettle whistles <loudly>',
        messageId: '<kettle1@example.com>',
        text: 'My kettle whistles before the water boils.',
      });
    const [opened] = await waitFor(async () => {
      const { items } = await hub.core.cases.list({ text: 'Kettle whistles' });
      expect(items).toHaveLength(1);
      return items;
    });
    await sink.waitFor(1); // the acknowledgement: the plugin has the customer's mail in the thread
    const kase = await hub.core.cases.transition(opened.id, { to: 'resolved' });
    await sink.waitFor(2); // the resolved notice

    const data = surveyInvitation(kase, { kind: 'nps', locale: 'fr-CA', askCes: true });
    await hub.publish('survey.invited', data);
    const mail = (await sink.waitFor(3))[2];

    expect(mail.envelope.to).toEqual(['ann@example.com']);
    expect(mail.parsed.subject).toBe(
      `Votre avis sur notre support [#${kase.number}] Kettle whistles <loudly>`,
    );
    expect(mail.parsed.messageId).toBe(`<casehub.survey.${data.survey.id}@acme.example>`);
    expect(mail.parsed.inReplyTo).toBe('<kettle1@example.com>');
    expect(mail.parsed.references).toBe('<kettle1@example.com>');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(headerLine(mail, 'List-Unsubscribe')).toEqual([
      `List-Unsubscribe: <${data.links.unsubscribe}>`,
    ]);
    expect(headerLine(mail, 'List-Unsubscribe-Post')).toEqual([
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ]);
    expect(hrefs(mail)).toEqual([...data.links.scores.map((s) => s.url), data.links.unsubscribe]);
    expect(mail.parsed.html).toContain('Kettle whistles &lt;loudly&gt;');
    expect(mail.parsed.html).toContain('<html lang="fr-CA">');
    const lines = String(mail.parsed.text).split(/\r?\n/);
    for (const { score, url } of data.links.scores) {
      // `0 (Pas du tout probable): https://…?score=0`, `1: https://…?score=1`, …
      expect(lines.filter((l) => l.startsWith(`${score}`) && l.endsWith(`: ${url}`))).toHaveLength(
        1,
      );
    }
    expect(mail.parsed.text).toContain(data.links.unsubscribe);

    // The same invitation again, under a new event id (neither JetStream's de-duplication nor the
    // SDK's inbox stops it), and one on SMS: the plugin sends neither.
    await hub.publish('survey.invited', data);
    await hub.publish('survey.invited', surveyInvitation(kase, { kind: 'csat', channel: 'sms' }));
    // A reply written afterwards goes out after both were handled: the plugin keeps a case's order.
    await hub.core.cases.addMessage(kase.id, { body: 'P.S. A descaler helps too.' });
    const after = await sink.waitFor(4);
    expect(after[3].parsed.subject).toBe(`Re: Kettle whistles <loudly> [#${kase.number}]`);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo('ann@example.com').map((m) => m.parsed.messageId)).toEqual([
      `<casehub.ack.${kase.id}@acme.example>`,
      `<casehub.resolved.${kase.id}.${kase.version}@acme.example>`,
      `<casehub.survey.${data.survey.id}@acme.example>`,
      expect.stringMatching(/^<casehub\.reply\./),
    ]);
  });

  it('dead-letters an invitation the mail server refuses for good, after one attempt', async () => {
    sink.reject['gone@example.com'] = {
      code: 550,
      message: '5.1.1 <gone@example.com>: no such user',
    };
    const c = await hub.core.cases.create({
      subject: 'Refused survey',
      channel: 'email',
      contact: { email: 'gone@example.com' },
    });
    const data = surveyInvitation(c, { kind: 'csat' });
    const event = await hub.publish('survey.invited', data);
    const [letter] = await waitFor(async () => {
      const letters = await hub.deadLetters('email');
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({ eventId: event.id, attempts: 1 });
    expect(letter.error).toMatch(/SMTP refused the survey mail: .*5\.1\.1/);
    expect(mailsTo('gone@example.com')).toEqual([]);
  });

  it('dead-letters an invitation whose links are not http(s), and sends nothing', async () => {
    const c = await hub.core.cases.create({
      subject: 'Odd links',
      channel: 'email',
      contact: { email: 'odd@example.com' },
    });
    const data = surveyInvitation(c, { kind: 'csat' });
    data.links.scores[2].url = 'javascript:alert(1)'; // past the contract, as a broken producer might
    const event = await hub.publish('survey.invited', data, { unchecked: true });
    const letter = await waitFor(async () => {
      const found = (await hub.deadLetters('email')).find((l) => l.eventId === event.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter.attempts).toBe(1);
    expect(letter.error).toContain('javascript:alert(1) is not an http(s) link');
    expect(mailsTo('odd@example.com')).toEqual([]);
  });

  it('retries while the mail server says "try later", then sends the invitation once', async () => {
    sink.reject['busy@example.com'] = { code: 451, message: '4.7.1 greylisted, try again later' };
    const c = await hub.core.cases.create({
      subject: 'Greylisted survey',
      channel: 'email',
      contact: { email: 'busy@example.com' },
    });
    const event = await hub.publish('survey.invited', surveyInvitation(c, { kind: 'csat' }));
    await new Promise((r) => setTimeout(r, 300)); // the first attempt is refused
    expect(mailsTo('busy@example.com')).toEqual([]);
    delete sink.reject['busy@example.com'];
    const mail = await waitFor(() => {
      const mails = mailsTo('busy@example.com');
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(mail.parsed.subject).toBe(`How did we do? [#${c.number}] Greylisted survey`);
    expect(hrefs(mail)).toHaveLength(5 + 1);
    expect((await hub.deadLetters('email')).map((l) => l.eventId)).not.toContain(event.id);
  });
});
