import { z } from 'zod';
import { caseStatusSchema } from '../case/case-status.js';
import { channelSchema } from '../case/channel.js';
import { prioritySchema } from '../case/priority.js';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

export const listCasesSchema = z
  .object({
    status: csv(caseStatusSchema).optional().describe('One or more, comma-separated.'),
    channel: csv(channelSchema).optional(),
    priority: csv(prioritySchema).optional(),
    assignee: z
      .union([z.uuid(), z.literal('none')])
      .optional()
      .describe('An agent id, or "none" for unassigned.'),
    owner: z.uuid().optional(),
    group: z.uuid().optional(),
    contact: z.uuid().optional(),
    tag: z.string().min(1).max(64).optional(),
    text: z.string().min(1).max(200).optional().describe('Searched in subject and description.'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();
export type ListCasesQuery = z.infer<typeof listCasesSchema>;
