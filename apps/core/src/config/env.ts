import { z } from 'zod';

/** Parsers shared by the configuration slices of every module. */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const PORT = 'must be a port number from 0 to 65535';
const POSITIVE = 'must be a whole number above 0';
export const envPort = z.coerce.number({ error: PORT }).int(PORT).min(0, PORT).max(65535, PORT);
export const envPositiveInt = z.coerce.number({ error: POSITIVE }).int(POSITIVE).positive(POSITIVE);

/** A whole number within [min, max], with an error that says so. */
export function envInt(min: number, max = Number.MAX_SAFE_INTEGER) {
  const msg =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number of at least ${min}`
      : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg);
}

/** `512kb`, `1mb`, `2048b` → bytes. */
export function parseSize(size: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2].toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(m[1]) * unit;
}
