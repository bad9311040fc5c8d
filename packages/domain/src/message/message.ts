import { z } from 'zod';
import { templateUseSchema } from './template.js';

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const AUTHOR_TYPES = ['agent', 'contact', 'system', 'plugin'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** Metadata of an attachment; the bytes live with the channel plugin or an object store. */
export const attachmentMetaSchema = z
  .object({
    filename: z.string().min(1).max(255),
    contentType: z.string().min(3).max(255),
    size: z.number().int().nonnegative(),
    url: z.url().optional(),
    contentId: z.string().max(255).optional(),
  })
  .strict();
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

export const messageViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  visibility: z.enum(VISIBILITIES),
  authorType: z.enum(AUTHOR_TYPES),
  authorId: z.string().nullable(),
  body: z.string(),
  attachments: z.array(attachmentMetaSchema),
  channel: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  providerMessageId: z
    .string()
    .nullable()
    .describe("The channel provider's id: of a customer's message, or of a delivered reply."),
  deliveryStatus: z
    .enum(['pending', 'sent', 'delivered', 'read', 'failed', 'bounced'])
    .nullable()
    .describe('For public replies: what the channel plugin reported; null for other messages.'),
  deliveryError: z.string().nullable(),
  template: templateUseSchema
    .nullable()
    .optional()
    .describe(
      'A reply sent as a message template the channel approved (e.g. outside a 24-hour window); null otherwise.',
    ),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** A reply's delivery statuses, as far along as each says it got: a report never moves it back. */
const DELIVERY_RANK: Record<NonNullable<MessageView['deliveryStatus']>, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  // The customer opened it (WhatsApp, Messenger): delivered, and more.
  read: 3,
  // Final: nothing after them changes what happened (a bounce can follow a "sent").
  failed: 4,
  bounced: 4,
};

/**
 * Whether a delivery report moves a reply's status on: reports arrive late, twice and out of
 * order (a "sent" after its "delivered"), and the status never goes backwards. The same status
 * again moves nothing either, but may carry what the first lacked (the provider's id).
 */
export function advancesDelivery(
  current: MessageView['deliveryStatus'],
  reported: NonNullable<MessageView['deliveryStatus']>,
): boolean {
  return current === null || DELIVERY_RANK[reported] > DELIVERY_RANK[current];
}
