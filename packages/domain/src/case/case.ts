import { z } from 'zod';
import { channelSchema } from './channel.js';
import { prioritySchema } from './priority.js';
import { caseStatusSchema } from './case-status.js';

const isoDate = z.iso.datetime({ offset: true });

/** Business impact recorded with a case; drives priority conversations with supervisors. */
export const businessImpactSchema = z
  .object({
    revenueAtRisk: z.number().nonnegative().optional().describe('Revenue at risk, in `currency`.'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional()
      .describe('ISO 4217 code.'),
    usersAffected: z.number().int().nonnegative().optional(),
    summary: z.string().max(2000).optional(),
  })
  .strict();
export type BusinessImpact = z.infer<typeof businessImpactSchema>;

export const customFieldsSchema = z.record(
  z.string().min(1).max(64),
  z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]),
);
export type CustomFields = z.infer<typeof customFieldsSchema>;

export const tagSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_:./-]*$/u, 'Tags are letters, digits and _ : . / -');

/** A contact as it travels inside events and case views. */
export const contactRefSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  handles: z
    .array(z.string())
    .optional()
    .describe(
      "The contact's social handles (platform:id, e.g. telegram:4711), oldest first: where social plugins reach them.",
    ),
});
export type ContactRef = z.infer<typeof contactRefSchema>;

/** A case as the outside world sees it: REST answers and event payloads share this shape. */
export const caseViewSchema = z.object({
  id: z.string().describe('Stable id (UUIDv7).'),
  number: z.number().int().positive().describe('Sequential human ticket number, shown as #1042.'),
  subject: z.string(),
  description: z.string().nullable(),
  status: caseStatusSchema,
  priority: prioritySchema,
  channel: channelSchema,
  contact: contactRefSchema.nullable(),
  ownerId: z
    .string()
    .nullable()
    .describe('Touch-and-hold owner: the agent who took the first contact.'),
  assigneeId: z.string().nullable().describe('The agent working the case now.'),
  groupId: z.string().nullable(),
  tier: z.number().int().min(1),
  tags: z.array(z.string()),
  customFields: customFieldsSchema,
  businessImpact: businessImpactSchema.nullable(),
  followUpOf: z.string().nullable().describe('The closed case this one follows up.'),
  reopenCount: z.number().int().nonnegative(),
  createdAt: isoDate,
  updatedAt: isoDate,
  firstResponseAt: isoDate.nullable(),
  resolvedAt: isoDate.nullable(),
  closedAt: isoDate.nullable(),
  version: z.number().int().positive().describe('Increases with every change; events carry it.'),
});
export type CaseView = z.infer<typeof caseViewSchema>;
