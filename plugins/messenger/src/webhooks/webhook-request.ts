/** What the webhook reads of a request (Fastify's, with the bytes the SDK keeps). */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes as sent: what Meta signed. */
  rawBody?: Buffer;
}
