import { z } from 'zod';
import { businessImpactSchema, customFieldsSchema, tagSchema } from '../case/case.js';
import { prioritySchema } from '../case/priority.js';

/** Fields an agent edits directly. Status, assignment and escalation have their own endpoints. */
export const updateCaseSchema = z
  .object({
    subject: z.string().trim().min(1).max(300).optional(),
    description: z.string().max(100_000).nullable().optional(),
    priority: prioritySchema.optional(),
    tags: z.array(tagSchema).max(50).optional().describe('Replaces the tags.'),
    customFields: customFieldsSchema
      .optional()
      .describe('Merged into the existing fields; null removes a field.'),
    businessImpact: businessImpactSchema.nullable().optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'Send at least one field to change.' });
export type UpdateCase = z.infer<typeof updateCaseSchema>;
