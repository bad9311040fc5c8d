import { z } from 'zod';

export const createGroupSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    tier: z.number().int().min(1).max(10).default(1),
    description: z.string().max(2000).optional(),
  })
  .strict();
export type CreateGroup = z.infer<typeof createGroupSchema>;

export const putTierSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export const tierLevelParam = z.coerce.number().int().min(1).max(10);
