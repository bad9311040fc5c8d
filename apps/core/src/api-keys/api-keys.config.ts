import { z } from 'zod';

export const apiKeysConfigSchema = z.object({
  CASEHUB_ADMIN_KEY: z
    .string()
    .min(24, 'must be at least 24 characters (e.g. the output of `openssl rand -base64 32`)')
    .optional(),
});
export type ApiKeysConfig = z.infer<typeof apiKeysConfigSchema>;
