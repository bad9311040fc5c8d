import { z } from 'zod';
import { channelSchema } from '../case/channel.js';
import { IDENTITY_KINDS } from '../contact/identity.js';
import { attachmentMetaSchema } from '../message/message.js';
import { CONSENT_STATES, CONSENT_TOPICS } from '../contact/consent.js';

const isoDate = z.iso.datetime({ offset: true });

/** A customer contact a channel plugin received (an email, an SMS, a social message). */
export const inboundMessageSchema = z.object({
  plugin: z.string().min(1).describe('The plugin that received it.'),
  channel: channelSchema,
  from: z.object({
    kind: z.enum(IDENTITY_KINDS),
    value: z.string().min(1).describe('Email address, E.164 phone number or platform:handle.'),
    name: z.string().nullable().optional(),
  }),
  providerMessageId: z
    .string()
    .min(1)
    .max(998)
    .describe(
      "The provider's id of this message (e.g. the email Message-ID): the same id twice is one message.",
    ),
  receivedAt: isoDate,
  subject: z
    .string()
    .max(998)
    .nullable()
    .optional()
    .describe('Email subject or similar; a new case takes it.'),
  body: z.string().max(1_000_000),
  attachments: z.array(attachmentMetaSchema).max(100).default([]),
  threading: z
    .object({
      caseId: z
        .string()
        .optional()
        .describe('When the plugin knows the case (e.g. from a reply address).'),
      caseNumber: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('A ticket number found in the message, e.g. [#1042].'),
      inReplyTo: z.string().optional().describe('Provider id of the message this answers.'),
      references: z
        .array(z.string())
        .max(100)
        .optional()
        .describe('Provider ids of earlier messages in the thread.'),
    })
    .default({}),
  autoReply: z
    .boolean()
    .default(false)
    .describe(
      'An automatic answer (out-of-office, RFC 3834): recorded on an existing case, never opens one.',
    ),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What became of an outbound message a plugin was asked to deliver. */
export const inboundDeliverySchema = z.object({
  plugin: z.string().min(1),
  messageId: z.string().min(1).describe('The CaseHub message id from message.created.'),
  status: z.enum(DELIVERY_STATUSES),
  providerMessageId: z
    .string()
    .max(998)
    .nullable()
    .optional()
    .describe("The provider's id of the sent message; customer replies refer to it."),
  at: isoDate,
  error: z.string().max(2000).nullable().optional(),
});
export type InboundDelivery = z.infer<typeof inboundDeliverySchema>;

/**
 * A change of a customer's consent that a plugin learnt other than from a keyword message: the
 * provider reported it (Twilio's error 21610: the recipient texted STOP to the provider), or the
 * customer unsubscribed from survey invitations. The customer is named by an address (`from`) or
 * by their contact id.
 */
export const inboundConsentSchema = z
  .object({
    plugin: z.string().min(1),
    channel: channelSchema,
    from: z
      .object({
        kind: z.enum(IDENTITY_KINDS),
        value: z.string().min(1).describe('Email address, E.164 phone number or platform:handle.'),
      })
      .optional(),
    contactId: z.uuid().optional().describe('The contact, when the plugin knows it (a survey).'),
    consent: z.enum(CONSENT_STATES),
    topic: z
      .enum(CONSENT_TOPICS)
      .default('messages')
      .describe('`messages`: anything on the channel; `surveys`: survey invitations only.'),
    source: z
      .string()
      .min(1)
      .max(200)
      .describe('What told the plugin, e.g. "provider error 21610".'),
    at: isoDate,
  })
  .refine((c) => (c.from === undefined) !== (c.contactId === undefined), {
    message: 'name the customer by `from` or by `contactId`, one of them',
    path: ['from'],
  });
export type InboundConsent = z.infer<typeof inboundConsentSchema>;
