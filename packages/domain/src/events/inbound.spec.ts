import { describe, expect, it } from 'vitest';
import { inboundDeliverySchema, inboundMessageSchema } from './inbound.js';

const message = {
  plugin: 'email',
  channel: 'email',
  from: { kind: 'email', value: 'ann@example.com', name: 'Ann' },
  providerMessageId: '<abc@mail.example.com>',
  receivedAt: '2026-11-24T10:00:00Z',
  subject: 'Printer on fire',
  body: 'Help',
};

describe('inbound contracts', () => {
  it('fills in what a plugin may leave out', () => {
    expect(inboundMessageSchema.parse(message)).toMatchObject({
      attachments: [],
      threading: {},
      autoReply: false,
    });
  });

  it('refuses a message without a provider id: it could not be de-duplicated', () => {
    expect(inboundMessageSchema.safeParse({ ...message, providerMessageId: '' }).success).toBe(
      false,
    );
  });

  it('knows the delivery outcomes', () => {
    const d = {
      plugin: 'email',
      messageId: 'm1',
      status: 'bounced',
      at: '2026-11-24T10:00:00Z',
      error: '550 no such user',
    };
    expect(inboundDeliverySchema.parse(d).status).toBe('bounced');
    expect(inboundDeliverySchema.safeParse({ ...d, status: 'lost' }).success).toBe(false);
  });
});
