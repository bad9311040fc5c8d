import { z } from 'zod';
import { settings } from '@casehub/plugin-sdk';
import { EVENT_NAMES } from '@casehub/domain';

/** Events a target can subscribe to: everything the core emits about cases (not the inbound ones). */
export const DELIVERABLE = EVENT_NAMES.filter((n) => !n.startsWith('inbound.'));

const secret = z
  .string()
  .regex(
    /^whsec_[A-Za-z0-9+/=]{24,}$/,
    'must be a Standard Webhooks secret: whsec_ followed by base64',
  );

export const targetSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  secret,
  events: z
    .array(z.enum(DELIVERABLE as [string, ...string[]]))
    .min(1)
    .default(DELIVERABLE),
});
export type WebhookTarget = z.infer<typeof targetSchema>;

const envSchema = z.object({
  /** JSON array of {url, secret, events?}. Or one target with WEBHOOK_URL and WEBHOOK_SECRET. */
  WEBHOOK_TARGETS: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {url, secret, events}' });
        return z.NEVER;
      }
    })
    .pipe(z.array(targetSchema).min(1))
    .optional(),
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_SECRET: secret.optional(),
  WEBHOOK_EVENTS: settings
    .list()
    .pipe(z.array(z.enum(DELIVERABLE as [string, ...string[]])).min(1))
    .optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export interface WebhookConfig {
  targets: WebhookTarget[];
  timeoutMs: number;
}

/** The plugin's settings: the variables above, read into targets. */
export const webhookConfigSchema = envSchema.transform((c, ctx): WebhookConfig => {
  const targets = [...(c.WEBHOOK_TARGETS ?? [])];
  if (c.WEBHOOK_URL || c.WEBHOOK_SECRET) {
    if (!c.WEBHOOK_URL || !c.WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: [c.WEBHOOK_URL ? 'WEBHOOK_SECRET' : 'WEBHOOK_URL'],
        message: 'WEBHOOK_URL and WEBHOOK_SECRET go together',
      });
      return z.NEVER;
    }
    targets.push({
      url: c.WEBHOOK_URL,
      secret: c.WEBHOOK_SECRET,
      events: c.WEBHOOK_EVENTS ?? DELIVERABLE,
    });
  }
  if (!targets.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_TARGETS (or WEBHOOK_URL and WEBHOOK_SECRET)'],
      message: 'is not set',
    });
    return z.NEVER;
  }
  return { targets, timeoutMs: c.WEBHOOK_TIMEOUT_MS };
});
