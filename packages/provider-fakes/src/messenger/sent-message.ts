import type { MessengerPlatform } from './messenger-person.js';

/** An attachment of a message the fake accepted. */
export interface MessengerSentAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  /** How it came: uploaded with the send (`filedata`), by a URL Meta fetched, or an upload's id. */
  source: 'upload' | 'url' | 'attachment_id';
  /** The URL it was fetched from (`source: 'url'`). */
  url: string | null;
  filename: string | null;
  contentType: string | null;
  /** The bytes Meta received (uploaded, or fetched from the URL). */
  bytes: Buffer;
}

/** A message the fake accepted: what the person's Messenger or Instagram inbox shows. */
export interface MessengerSentMessage {
  /** `message_id` answered: `m_…` (Messenger) or Instagram's base64 id. */
  mid: string;
  platform: MessengerPlatform;
  /** The PSID or IGSID it went to. */
  recipientId: string;
  messagingType: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag: string | null;
  text: string | null;
  attachment: MessengerSentAttachment | null;
  /** `message.metadata`, echoed back in the echo webhook. */
  metadata: string | null;
  /** When Meta took it: the time delivery and read watermarks compare with. */
  timestamp: Date;
  /**
   * How many send requests carried the same recipient and content, refused or accepted: 1 means
   * the plugin sent it once; 2 after a rate limit and a retry.
   */
  requestCount: number;
}
