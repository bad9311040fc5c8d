/** A media file a customer sends: the plugin downloads it by its media id, with the token. */
export interface WhatsAppCustomerMedia {
  bytes: Uint8Array | string;
  mimeType: string;
  caption?: string;
  /** Documents only. */
  filename?: string;
}

/** A contact card a customer shares (a `contacts` message). */
export interface WhatsAppContactCard {
  name: string;
  phones?: readonly string[];
  emails?: readonly string[];
  company?: string;
}

/** What a customer's message carries: exactly one of these kinds. */
export type WhatsAppCustomerContent =
  | { text: string }
  | { image: WhatsAppCustomerMedia }
  | { document: WhatsAppCustomerMedia }
  | { audio: WhatsAppCustomerMedia & { voice?: boolean } }
  | { video: WhatsAppCustomerMedia }
  | { sticker: WhatsAppCustomerMedia & { animated?: boolean } }
  | { location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { contacts: readonly WhatsAppContactCard[] };

/**
 * A message a customer sends to the business number, delivered to the webhook. The customer is
 * named by `waId` (phone digits), or only by `userId` (a business-scoped user id such as
 * `US.13491208655302741918`, for a user without a visible phone number), or both.
 */
export type WhatsAppCustomerMessage = WhatsAppCustomerContent & {
  waId?: string;
  userId?: string;
  /** The profile name (`contacts[].profile.name`). */
  name?: string;
  /** When the customer wrote (the webhook's `timestamp`; opens the window then). Default now. */
  at?: Date;
  /** The `wamid` of the business message this replies to (`context.id`). */
  replyTo?: string;
  /** `valid` (default): signed with the app secret; `wrong`: another secret; `none`: no header. */
  signWith?: 'valid' | 'wrong' | 'none';
};

/** What the webhook received and answered (the first attempt; retries follow a non-200). */
export interface WhatsAppInboundResult {
  /** The message's `wamid`. */
  id: string;
  /** The media id of a media message. */
  mediaId: string | null;
  /** The JSON posted. */
  payload: unknown;
  signature: string | undefined;
  /** HTTP status of the first attempt; null when the webhook could not be reached. */
  status: number | null;
  body: string;
}
