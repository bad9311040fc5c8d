import { z } from 'zod';
import { channelSchema } from '../case/channel.js';

/**
 * A message template a channel's provider approved for sending when free text is not allowed
 * (WhatsApp outside its 24-hour window; the next channel with templates uses the same). Plugins
 * report the templates they can send in their manifest; the core lists them and checks replies.
 */
export const messageTemplateSchema = z.object({
  name: z.string().min(1).max(512),
  language: z
    .string()
    .min(2)
    .max(20)
    .describe('The language code of this translation, e.g. en_US.'),
  channel: channelSchema,
  status: z
    .string()
    .min(1)
    .max(40)
    .describe("The provider's review status, e.g. APPROVED; only approved ones can be sent."),
  category: z.string().max(40).nullable().optional().describe('e.g. UTILITY, MARKETING.'),
  parameters: z
    .number()
    .int()
    .min(0)
    .max(100)
    .describe('How many body parameters ({{1}} … {{n}}) the template takes.'),
  body: z.string().max(4096).nullable().optional().describe('The body text, with {{1}} … {{n}}.'),
});
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

/** What a reply says of the template it is sent as: which one, in which language, filled how. */
export const templateUseSchema = z
  .object({
    name: z.string().min(1).max(512),
    language: z
      .string()
      .min(2)
      .max(20)
      .optional()
      .describe("The translation to send; the channel's only (or first approved) one if left out."),
    parameters: z
      .array(z.string().min(1).max(1024))
      .max(100)
      .default([])
      .describe('The body parameters in order: {{1}} first.'),
  })
  .strict();
export type TemplateUse = z.infer<typeof templateUseSchema>;

/** Whether a template can be sent: the provider approved it. */
export function isSendable(t: Pick<MessageTemplate, 'status'>): boolean {
  return t.status.toUpperCase() === 'APPROVED';
}

/**
 * The translation of template `use.name` a reply on `channel` is sent as: the language asked
 * for, else the only approved one; null when none fits (the caller names the choices).
 */
export function pickTemplate(
  templates: readonly MessageTemplate[],
  channel: string,
  use: Pick<TemplateUse, 'name' | 'language'>,
): MessageTemplate | null {
  const named = templates.filter(
    (t) => t.channel === channel && t.name === use.name && isSendable(t),
  );
  if (use.language) return named.find((t) => t.language === use.language) ?? null;
  return named.length === 1 ? named[0] : null;
}

/**
 * The text a template reply reads as, for the case's timeline: its body with each `{{n}}`
 * replaced by parameter n (a placeholder with no parameter is left as it is).
 */
export function renderTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(
    /\{\{\s*(\d{1,3})\s*\}\}/g,
    (whole, n: string) => parameters[Number(n) - 1] ?? whole,
  );
}

/** What a plugin last reported of its templates: one key per plugin in the templates bucket. */
export const pluginTemplatesSchema = z.object({
  plugin: z.string().min(1),
  syncedAt: z.iso.datetime({ offset: true }),
  templates: z.array(messageTemplateSchema).max(2000),
});
export type PluginTemplates = z.infer<typeof pluginTemplatesSchema>;

/** The JetStream key-value bucket where plugins report their templates and the core reads them. */
export function templatesBucket(stream: string): string {
  return `casehub_templates_${stream}`;
}

/** `GET /v1/templates` query. */
export const listTemplatesSchema = z
  .object({ channel: channelSchema.optional().describe('Only the templates of this channel.') })
  .strict();
export type ListTemplates = z.infer<typeof listTemplatesSchema>;
