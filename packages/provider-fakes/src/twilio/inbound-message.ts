/** A message the fake "phone" sends to a Twilio number, delivered to the plugin's webhook. */
export interface InboundMessage {
  /** The webhook URL to POST to (the plugin's). */
  to: string;
  /**
   * The URL the webhook is configured with at Twilio, which the signature covers. Default: `to`.
   * Give the public URL here when the plugin sits behind a proxy and receives on another.
   */
  signedUrl?: string;
  /** The customer's number (E.164). */
  from: string;
  /** The Twilio number the customer wrote to. */
  toNumber: string;
  body: string;
  /** MMS attachments; the plugin fetches them from the fake with the account's credentials. */
  media?: readonly { contentType: string; bytes: Uint8Array | string }[];
  /** Added to the webhook's parameters (and signed), as Twilio adds new ones without notice. */
  extraParams?: Readonly<Record<string, string>>;
  /** `valid` (default): signed with the account's auth token; `wrong`: with another token; `none`: no header. */
  signWith?: 'valid' | 'none' | 'wrong';
  /** Default: the first account. */
  accountSid?: string;
  /** Sent as `MessagingServiceSid` when the number belongs to a Messaging Service. */
  messagingServiceSid?: string;
}

/** What the webhook received and answered. */
export interface InboundResult {
  messageSid: string;
  /** The form parameters posted. */
  params: Record<string, string>;
  /** `X-Twilio-Signature` sent, if any. */
  signature: string | undefined;
  /** HTTP status the plugin answered. */
  status: number;
  contentType: string | null;
  /** The plugin's answer: TwiML such as `<Response/>`. */
  body: string;
}
