import { z } from 'zod';
import { ROLES } from '../../auth/role.js';

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe('What the key is for, e.g. "email plugin".'),
    role: z.enum(ROLES),
    agentId: z
      .uuid()
      .nullable()
      .optional()
      .describe('The agent acting through this key (agent, supervisor, admin keys).'),
  })
  .strict();
export type CreateApiKey = z.infer<typeof createApiKeySchema>;
