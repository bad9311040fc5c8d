import type { MessageStatus } from './message-status.js';

/** A message the fake accepted: what the customer's phone would receive. */
export interface SentMessage {
  /** `SM…`, or `MM…` when it carries media. */
  sid: string;
  accountSid: string;
  to: string;
  /** The sender: `From`, or the number the Messaging Service picked. */
  from: string;
  messagingServiceSid: string | null;
  body: string;
  /** Segments a carrier bills, from Twilio's calculator (0 for an MMS without text). */
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  mediaUrls: string[];
  statusCallback: string | null;
  /** The status the message has reached (callbacks may still be on their way). */
  status: MessageStatus;
  errorCode: number | null;
  dateCreated: Date;
  /**
   * How many send requests carried this same account, To, From, MessagingServiceSid, Body and
   * MediaUrl — answered with an error or accepted. 1 means the plugin sent it once; 2 after a 429
   * and a retry.
   */
  requestCount: number;
  /** Every form parameter of the request that created it. */
  params: Record<string, string | string[]>;
}
