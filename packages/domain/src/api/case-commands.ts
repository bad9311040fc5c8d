import { z } from 'zod';
import { caseStatusSchema } from '../case/case-status.js';
import { channelSchema } from '../case/channel.js';
import { attachmentMetaSchema, VISIBILITIES } from '../message/message.js';

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
    body: z.string().min(1).max(200_000),
    visibility: z.enum(VISIBILITIES).default('public'),
    attachments: z.array(attachmentMetaSchema).max(50).default([]),
    channel: channelSchema
      .optional()
      .describe("Channel to deliver a public reply on; defaults to the case's."),
  })
  .strict();
export type AddMessage = z.infer<typeof addMessageSchema>;
