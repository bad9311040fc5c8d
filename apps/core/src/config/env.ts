import { z } from 'zod';

/** Parsers shared by the configuration slices of every module. */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const envPort = z.coerce.number().int().min(0).max(65535);
export const envPositiveInt = z.coerce.number().int().positive();
