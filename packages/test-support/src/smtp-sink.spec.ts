import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './smtp-sink.js';

let sink: SmtpSink | undefined;
afterEach(() => sink?.stop());

async function start(options?: SmtpSinkOptions) {
  sink = await startSmtpSink(options);
  return sink;
}

const transport = (url: string, socketTimeout?: number) =>
  socketTimeout
    ? nodemailer.createTransport({ url, socketTimeout })
    : nodemailer.createTransport(url);

const reply = {
  from: 'Support <support@example.com>',
  subject: 'Re: Order 1001',
  text: 'Your order ships today.',
  inReplyTo: '<order1001@customer.test>',
};

describe('startSmtpSink', () => {
  it('keeps what it is sent: envelope, raw message and parsed message', async () => {
    const s = await start();
    expect(s.url).toBe(`smtp://127.0.0.1:${s.port}`);
    await transport(s.url).sendMail({
      ...reply,
      to: 'ada@customer.test',
      cc: 'bob@customer.test',
      attachments: [{ filename: 'label.txt', content: 'TRACK-42' }],
    });
    const [m] = await s.waitFor(1);
    expect(m.envelope).toEqual({
      from: 'support@example.com',
      to: ['ada@customer.test', 'bob@customer.test'],
    });
    expect(m.parsed.subject).toBe('Re: Order 1001');
    expect(m.parsed.text?.trim()).toBe('Your order ships today.');
    expect(m.parsed.inReplyTo).toBe('<order1001@customer.test>');
    expect(m.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['label.txt', 'TRACK-42'],
    ]);
    expect(m.raw.toString()).toContain('Subject: Re: Order 1001');
  });

  it('answers the configured code for some recipients: permanent and transient', async () => {
    const s = await start({
      reject: {
        'gone@customer.test': { code: 550, message: '5.1.1 user unknown' },
        'Busy@Customer.test': { code: 451, message: '4.2.1 try again later' },
      },
    });
    const t = transport(s.url);
    const info = await t.sendMail({ ...reply, to: ['ada@customer.test', 'gone@customer.test'] });
    expect(info.accepted).toEqual(['ada@customer.test']);
    expect(info.rejected).toEqual(['gone@customer.test']);
    expect(info.rejectedErrors?.[0]).toMatchObject({ responseCode: 550 });
    expect(String(info.rejectedErrors?.[0]?.response)).toContain('5.1.1 user unknown');

    await expect(t.sendMail({ ...reply, to: 'gone@customer.test' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(t.sendMail({ ...reply, to: 'busy@customer.test' })).rejects.toMatchObject({
      responseCode: 451,
    });
    expect(s.messages.map((m) => m.envelope.to)).toEqual([['ada@customer.test']]);

    s.rejectData = { code: 554, message: '5.6.0 content rejected' };
    await expect(t.sendMail({ ...reply, to: 'ada@customer.test' })).rejects.toMatchObject({
      responseCode: 554,
    });
    expect(s.messages).toHaveLength(1);
  });

  it('requires the given credentials when auth is set', async () => {
    const s = await start({ auth: { user: 'mailer', pass: 's3cret' } });
    expect(s.url).toBe(`smtp://mailer:s3cret@127.0.0.1:${s.port}`);
    const wrong = transport(`smtp://mailer:nope@127.0.0.1:${s.port}`);
    await expect(wrong.sendMail({ ...reply, to: 'ada@customer.test' })).rejects.toMatchObject({
      responseCode: 535,
    });
    const anonymous = transport(`smtp://127.0.0.1:${s.port}`);
    await expect(anonymous.sendMail({ ...reply, to: 'ada@customer.test' })).rejects.toMatchObject({
      responseCode: 530,
    });
    await transport(s.url).sendMail({ ...reply, to: 'ada@customer.test' });
    expect((await s.waitFor(1))[0].user).toBe('mailer');
  });

  it('goes away and comes back on the same port', async () => {
    const s = await start();
    await s.stop();
    await s.stop();
    const t = transport(s.url);
    await expect(t.sendMail({ ...reply, to: 'ada@customer.test' })).rejects.toMatchObject({
      code: 'ESOCKET',
    });
    await s.start();
    await t.sendMail({ ...reply, to: 'ada@customer.test' });
    await s.waitFor(1);
  });

  it('can be slow enough for a client to give up', async () => {
    const s = await start({ delayMs: 1_500 });
    const t = transport(s.url, 300);
    await expect(t.sendMail({ ...reply, to: 'ada@customer.test' })).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    s.delayMs = 0;
    await transport(s.url).sendMail({ ...reply, subject: 'fast', to: 'ada@customer.test' });
    expect((await s.waitFor(1)).map((m) => m.parsed.subject)).toContain('fast');
  });

  it('says what it got when waitFor runs out of time', async () => {
    const s = await start();
    await expect(s.waitFor(1, 200)).rejects.toThrow(/expected 1 message\(s\).*got 0/);
  });
});
