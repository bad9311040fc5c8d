import { z } from 'zod';
import { caseStatusSchema } from '../case/case-status.js';
import { channelSchema } from '../case/channel.js';
import { prioritySchema } from '../case/priority.js';
import { parseSearchQuery, SearchSyntaxError } from './search-query.js';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

const SEARCH_SYNTAX =
  'Searches subject, description and messages (internal notes too), ignoring case and accents: ' +
  'words are ANDed; "a quoted phrase" matches adjacent words; refund* matches words starting ' +
  'with refund; -word leaves out cases with it; a OR b matches either. Whole words, no stemming.';

const search = z
  .string()
  .min(1)
  .max(200)
  .transform((s, ctx) => {
    try {
      return parseSearchQuery(s);
    } catch (e) {
      if (!(e instanceof SearchSyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', message: `bad search: ${e.message}` });
      return z.NEVER;
    }
  });

export const listCasesSchema = z
  .object({
    status: csv(caseStatusSchema).optional().describe('One or more, comma-separated.'),
    channel: csv(channelSchema).optional(),
    priority: csv(prioritySchema).optional(),
    assignee: z
      .union([z.uuid(), z.literal('none')])
      .optional()
      .describe('An agent id, or "none" for unassigned.'),
    owner: z.uuid().optional(),
    group: z.uuid().optional(),
    contact: z.uuid().optional(),
    tag: z.string().min(1).max(64).optional(),
    q: search.optional().describe(SEARCH_SYNTAX),
    text: search
      .optional()
      .describe('The same search as q, under its first name: kept for existing clients.'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict()
  .refine((q) => !(q.q && q.text), { path: ['text'], message: 'give q or text, not both' });
export type ListCasesQuery = z.infer<typeof listCasesSchema>;
