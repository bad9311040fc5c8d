import { z } from 'zod';

const attachmentSchema = z
  .object({
    type: z.string(),
    title: z.string().nullish(),
    url: z.string().nullish(),
    payload: z
      .object({
        url: z.string().nullish(),
        sticker_id: z.number().nullish(),
        title: z.string().nullish(),
        coordinates: z.object({ lat: z.number(), long: z.number() }).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type MetaAttachment = z.infer<typeof attachmentSchema>;

/** A message someone sent (or, with `is_echo`, the Page's own message coming back). */
export const metaMessageSchema = z
  .object({
    mid: z.string().min(1),
    text: z.string().nullish(),
    is_echo: z.boolean().nullish(),
    is_deleted: z.boolean().nullish(),
    is_unsupported: z.boolean().nullish(),
    sticker_id: z.number().nullish(),
    attachments: z.array(attachmentSchema).nullish(),
    reply_to: z.object({ mid: z.string().nullish() }).loose().nullish(),
  })
  .loose();
export type MetaMessage = z.infer<typeof metaMessageSchema>;

/** One `messaging[]` event: a message, a delivery or a read (others are passed over). */
export const messagingEventSchema = z
  .object({
    sender: z.object({ id: z.string().min(1) }),
    recipient: z.object({ id: z.string().min(1) }),
    timestamp: z.number().nullish(),
    message: metaMessageSchema.nullish(),
    delivery: z
      .object({ mids: z.array(z.string()).nullish(), watermark: z.number() })
      .loose()
      .nullish(),
    read: z
      .object({ watermark: z.number().nullish(), mid: z.string().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
export type MessagingEvent = z.infer<typeof messagingEventSchema>;

/**
 * A webhook POST: `{ object: 'page' | 'instagram', entry: [{ id, time, messaging: [...] }] }`.
 * Events are checked one by one (an event of a kind this plugin does not know is skipped, not
 * the batch).
 */
export const metaWebhookSchema = z
  .object({
    object: z.string(),
    entry: z.array(
      z
        .object({
          id: z.string(),
          time: z.number().nullish(),
          messaging: z.array(z.unknown()).nullish(),
        })
        .loose(),
    ),
  })
  .loose();
export type MetaWebhook = z.infer<typeof metaWebhookSchema>;
