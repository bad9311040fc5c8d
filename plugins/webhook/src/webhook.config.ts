import { z } from 'zod';
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

const configSchema = z.object({
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
  WEBHOOK_EVENTS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(DELIVERABLE as [string, ...string[]])).min(1))
    .optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export interface WebhookConfig {
  targets: WebhookTarget[];
  timeoutMs: number;
}

/** Reads the plugin's settings; a bad one stops start-up with a sentence naming it. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = configSchema.safeParse(present);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid webhook plugin configuration:\n${lines.join('\n')}`);
  }
  const c = r.data;
  const targets = c.WEBHOOK_TARGETS ?? [];
  if (c.WEBHOOK_URL || c.WEBHOOK_SECRET) {
    if (!c.WEBHOOK_URL || !c.WEBHOOK_SECRET) {
      throw new Error(
        'Invalid webhook plugin configuration:\n  WEBHOOK_URL and WEBHOOK_SECRET go together',
      );
    }
    targets.push({
      url: c.WEBHOOK_URL,
      secret: c.WEBHOOK_SECRET,
      events: c.WEBHOOK_EVENTS ?? DELIVERABLE,
    });
  }
  if (!targets.length) {
    throw new Error(
      'Invalid webhook plugin configuration:\n  WEBHOOK_TARGETS (or WEBHOOK_URL and WEBHOOK_SECRET): is not set',
    );
  }
  return { targets, timeoutMs: c.WEBHOOK_TIMEOUT_MS };
}
