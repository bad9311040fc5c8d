import { z } from 'zod';
import { envBool, envPositiveInt } from '../config/env.js';

export const databaseConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .default('sqlite:./data/casehub.db'),
  DATABASE_POOL_SIZE: envPositiveInt.default(20),
  DATABASE_MIGRATE: envBool.default(true),
});
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
