/** An API request the fake received, and what it answered. */
export interface MessengerRecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v23.0/1234/messages`. */
  path: string;
  query: Record<string, string>;
  /** How the page access token came: `query` (`access_token`), `bearer`, or not at all. */
  tokenIn: 'query' | 'bearer' | null;
  /**
   * The body: JSON as parsed, or the fields of a form/multipart body (JSON-valued fields parsed;
   * a file as `{ filename, contentType, size }`).
   */
  body: Record<string, unknown> | null;
  status: number;
  /** Graph's `error.code` / `error.error_subcode` when it answered with an error. */
  errorCode: number | null;
  errorSubcode: number | null;
}
