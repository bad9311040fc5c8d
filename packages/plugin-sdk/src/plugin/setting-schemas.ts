import { z } from 'zod';

/**
 * The shapes plugin settings come in as environment variables, for zod settings schemas:
 * `definePlugin({ config: z.object({ MY_FLAG: settings.flag().default(true), ... }) })`.
 */
export const settings = {
  /** `true`/`false`, `1`/`0`, `yes`/`no` → a boolean. */
  flag: () =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),

  /** `a, b,c` → `['a', 'b', 'c']`; `lower` for what compares case-insensitively (domains, types). */
  list: (lower = false) =>
    z.string().transform((s) =>
      s
        .split(',')
        .map((x) => (lower ? x.trim().toLowerCase() : x.trim()))
        .filter(Boolean),
    ),

  /** A URL whose scheme matches `protocols` (e.g. /^smtps?:$/); the error shows `example`. */
  url: (protocols: RegExp, example: string) =>
    z.string().refine((v) => {
      try {
        return protocols.test(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`),
};
