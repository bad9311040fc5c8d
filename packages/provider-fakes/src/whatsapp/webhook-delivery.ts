/** One webhook POST the fake made, and how the plugin answered it. */
export interface WhatsAppWebhookDelivery {
  kind: 'message' | 'status';
  /** The `wamid` the webhook is about. */
  messageId: string;
  /** For status webhooks. */
  status: 'sent' | 'delivered' | 'read' | 'failed' | null;
  /** The JSON posted, as bytes were signed. */
  body: string;
  /** `X-Hub-Signature-256` sent, if any. */
  signature: string | undefined;
  /** 1, or 2 for the duplicate of a webhook sent twice. */
  copy: 1 | 2;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** HTTP status the plugin answered; null when it could not be reached. */
  httpStatus: number | null;
  responseBody: string;
  error?: string;
}
