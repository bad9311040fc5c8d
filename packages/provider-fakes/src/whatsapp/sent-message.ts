/** The statuses a business message goes through, as status webhooks report them. */
export type WhatsAppMessageStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** A message the business sent and Graph accepted (`POST /{version}/{phone-number-id}/messages`). */
export interface WhatsAppSentMessage {
  /** `wamid.…` */
  id: string;
  /** `to` or `recipient` as the request gave it. */
  input: string;
  /** The customer's WhatsApp id (phone digits), when sent by number. */
  waId: string | null;
  /** The business-scoped user id, when sent with `recipient`. */
  userId: string | null;
  type: 'text' | 'image' | 'document' | 'audio' | 'video' | 'sticker' | 'template';
  /** `text.body`. */
  text: string | null;
  template: { name: string; language: string; parameters: string[] } | null;
  media: {
    id: string | null;
    link: string | null;
    caption: string | null;
    filename: string | null;
    /** The uploaded file, when sent by media id. */
    mimeType: string | null;
    bytes: Buffer | null;
  } | null;
  /** `context.message_id`: the message this one replies to. */
  replyTo: string | null;
  bizOpaqueCallbackData: string | null;
  /** The furthest status reached (its webhooks may still be on their way). */
  status: WhatsAppMessageStatus;
  /** Why it failed, as the `failed` webhook says. */
  errorCode: number | null;
  sentAt: Date;
  /**
   * Send requests with the same recipient and content, refused or accepted: 1 is "sent once",
   * 2 a refusal (say 130429) and the retry; two entries with 1 each: sent twice.
   */
  requestCount: number;
  /** The request's JSON as posted. */
  request: Record<string, unknown>;
}
