import { describe, expect, it } from 'vitest';
import { domainOf, outboundMessageId, replyMessageIdOf } from './message-id.js';
import { ticketNumberIn, withTicketNumber } from './subject.js';
import { smtpVerdict } from './smtp-errors.js';

describe('outbound headers', () => {
  const id = '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000';

  it('gives a reply a Message-ID that names its message, and reads it back', () => {
    const mid = outboundMessageId({ kind: 'reply', messageId: id }, 'acme.example');
    expect(mid).toBe(`<casehub.reply.${id}@acme.example>`);
    expect(replyMessageIdOf(mid)).toBe(id);
    expect(replyMessageIdOf('<CAF123@mail.gmail.com>')).toBeNull();
    expect(domainOf('Acme Support <Support@Acme.Example>')).toBe('acme.example');
  });

  it('gives a survey invitation a Message-ID of its survey, safe whatever the id holds', () => {
    expect(outboundMessageId({ kind: 'survey', surveyId: id }, 'acme.example')).toBe(
      `<casehub.survey.${id}@acme.example>`,
    );
    expect(outboundMessageId({ kind: 'survey', surveyId: 'a b<c>@é.=' }, 'acme.example')).toBe(
      '<casehub.survey.a=20b=3cc=3e=40=c3=a9=2e=3d@acme.example>',
    );
    // Not a reply: a bounce of an invitation names no message of the case.
    expect(replyMessageIdOf(`<casehub.survey.${id}@acme.example>`)).toBeNull();
  });

  it('puts the ticket number in the subject once, and finds it in a reply', () => {
    expect(withTicketNumber('Re: Broken blender', 42)).toBe('Re: Broken blender [#42]');
    expect(withTicketNumber('Re: Broken blender [#42]', 42)).toBe('Re: Broken blender [#42]');
    expect(ticketNumberIn('AW: Re: Broken blender [#42]')).toBe(42);
    expect(ticketNumberIn('Order #42')).toBeNull();
  });

  it('tells permanent SMTP refusals from transient trouble', () => {
    expect(smtpVerdict({ responseCode: 550 })).toBe('permanent');
    expect(smtpVerdict({ responseCode: 451 })).toBe('transient');
    expect(smtpVerdict({ code: 'ECONNECTION' })).toBe('transient');
    expect(smtpVerdict({ responseCode: 535, code: 'EAUTH' })).toBe('transient');
  });
});
