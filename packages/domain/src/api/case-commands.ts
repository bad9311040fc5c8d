import { z } from 'zod';
import { caseStatusSchema } from '../case/case-status.js';
import { channelSchema } from '../case/channel.js';
import { attachmentMetaSchema, VISIBILITIES } from '../message/message.js';
import { templateUseSchema } from '../message/template.js';

export const transitionSchema = z
  .object({
    to: caseStatusSchema,
    reason: z.string().max(2000).optional(),
  })
  .strict();
export type TransitionCommand = z.infer<typeof transitionSchema>;

export const assignSchema = z
  .object({
    assigneeId: z.uuid().nullable().describe('null puts the case back in the group queue.'),
    groupId: z.uuid().nullable().optional(),
  })
  .strict();
export type AssignCommand = z.infer<typeof assignSchema>;

export const escalateSchema = z
  .object({
    reason: z.string().trim().min(1).max(2000),
    tier: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe("Defaults to the target group's tier, else one up."),
    groupId: z.uuid().optional(),
    assigneeId: z.uuid().nullable().optional(),
  })
  .strict()
  .refine((e) => e.groupId || e.assigneeId, {
    message:
      'Say who takes the case: a groupId, an assigneeId or both (a case is never left unassigned).',
    path: ['groupId'],
  });
export type EscalateCommand = z.infer<typeof escalateSchema>;

export const addMessageSchema = z
  .object({
    body: z
      .string()
      .min(1)
      .max(200_000)
      .optional()
      .describe("The text; left out for a template reply, whose text is the template's."),
    visibility: z.enum(VISIBILITIES).default('public'),
    attachments: z.array(attachmentMetaSchema).max(50).default([]),
    channel: channelSchema
      .optional()
      .describe("Channel to deliver a public reply on; defaults to the case's."),
    template: templateUseSchema
      .optional()
      .describe(
        'Send this public reply as an approved message template of its channel (GET /v1/templates), e.g. outside a 24-hour window.',
      ),
  })
  .strict()
  .refine((m) => m.body !== undefined || m.template !== undefined, {
    message: 'A message needs a body (or, for a public reply, a template).',
    path: ['body'],
  })
  .refine((m) => m.body === undefined || m.template === undefined, {
    message: "Give a body or a template, not both: a template reply's text is the template's.",
    path: ['body'],
  })
  .refine((m) => !m.template || m.visibility === 'public', {
    message: 'Only a public reply can be sent as a template; an internal note has a body.',
    path: ['template'],
  });
export type AddMessage = z.infer<typeof addMessageSchema>;
