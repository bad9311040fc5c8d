/** A file a person sends. */
export interface MessengerCustomerAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  bytes: Uint8Array | string;
  /** Default by type: image/jpeg, video/mp4, audio/mpeg, application/pdf. */
  contentType?: string;
  /** The name in the CDN URL. Default by type. */
  filename?: string;
}

/** What a person writes to the Page or the Instagram account. */
export interface MessengerCustomerMessage {
  text?: string;
  attachments?: readonly MessengerCustomerAttachment[];
  /** A sticker (Messenger): an image attachment with its `sticker_id`. */
  sticker?: { id?: number; bytes?: Uint8Array | string };
  /** A shared location (Messenger). */
  location?: { lat: number; long: number; title?: string };
  /** The mid of the message this answers (`reply_to.mid`). */
  replyTo?: string;
  /**
   * When the person wrote (the event's `timestamp`). Default now; an earlier time backdates it,
   * and the messaging windows with it: `at: new Date(Date.now() - 25 * 3600_000)` is a person
   * whose 24-hour window has closed.
   */
  at?: Date;
  /** Reuse a mid (the same message delivered again). Default: a new one. */
  mid?: string;
}
