import { z } from 'zod';
import { emailAddressSchema } from '@casehub/domain';

export const createAgentSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: emailAddressSchema,
    role: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
    groupId: z.uuid().nullable().optional(),
  })
  .strict();
export type CreateAgent = z.infer<typeof createAgentSchema>;

export const updateAgentSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(['agent', 'supervisor', 'admin']).optional(),
    groupId: z.uuid().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateAgent = z.infer<typeof updateAgentSchema>;
