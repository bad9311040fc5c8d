import { z } from 'zod';
import { businessImpactSchema, customFieldsSchema, tagSchema } from '../case/case.js';
import { channelSchema } from '../case/channel.js';
import { prioritySchema } from '../case/priority.js';
import { emailAddressSchema, phoneSchema } from '../contact/identity.js';

export const contactInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: emailAddressSchema.optional(),
    phone: phoneSchema.optional().describe('International form (E.164), e.g. +4915112345678.'),
  })
  .strict()
  .refine((c) => c.email || c.phone, { message: 'A contact needs an email or a phone number.' });

export const createCaseSchema = z
  .object({
    subject: z.string().trim().min(1).max(300),
    description: z.string().max(100_000).optional(),
    channel: channelSchema.default('api'),
    priority: prioritySchema.default('normal'),
    contact: contactInputSchema.optional(),
    contactId: z.uuid().optional().describe('An existing contact, instead of `contact`.'),
    tags: z.array(tagSchema).max(50).default([]),
    customFields: customFieldsSchema.default({}),
    businessImpact: businessImpactSchema.optional(),
    assigneeId: z.uuid().optional(),
    groupId: z.uuid().optional(),
    followUpOf: z
      .uuid()
      .optional()
      .describe('A closed case this one follows up; its contact is used unless given.'),
  })
  .strict()
  .refine((c) => !(c.contact && c.contactId), {
    message: 'Give either contact or contactId, not both.',
    path: ['contactId'],
  });
export type CreateCase = z.infer<typeof createCaseSchema>;
