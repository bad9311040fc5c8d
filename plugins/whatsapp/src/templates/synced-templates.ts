import type { MessageTemplate } from '@casehub/domain';
import type { GraphTemplate } from '../graph/graph-types.js';

/** The most templates the hub keeps per plugin. */
export const MAX_TEMPLATES = 2000;

/** How many positional parameters a template body takes: its highest `{{n}}`. */
export function parameterCount(body: string): number {
  let n = 0;
  for (const m of body.matchAll(/\{\{\s*(\d{1,3})\s*\}\}/g)) n = Math.max(n, Number(m[1]));
  return n;
}

/**
 * A WhatsApp template as the hub lists it: one per name and language, on channel `social`,
 * with Meta's review status and category, its BODY text and how many parameters that takes.
 * Null for one the hub could not hold (a name or language out of bounds).
 */
export function toMessageTemplate(t: GraphTemplate): MessageTemplate | null {
  if (!t.name || t.name.length > 512 || !t.language || !/^.{2,20}$/.test(t.language)) return null;
  const body = t.components?.find((c) => c.type?.toUpperCase() === 'BODY')?.text ?? null;
  return {
    name: t.name,
    language: t.language,
    channel: 'social',
    status: (t.status || 'UNKNOWN').slice(0, 40),
    category: t.category ? t.category.slice(0, 40) : null,
    parameters: Math.min(100, body ? parameterCount(body) : 0),
    body: body === null ? null : body.slice(0, 4096),
  };
}

/** Every template the hub can hold, in Meta's order, at most MAX_TEMPLATES. */
export function syncedTemplates(listed: readonly GraphTemplate[]): MessageTemplate[] {
  return listed
    .map(toMessageTemplate)
    .filter((t): t is MessageTemplate => t !== null)
    .slice(0, MAX_TEMPLATES);
}
