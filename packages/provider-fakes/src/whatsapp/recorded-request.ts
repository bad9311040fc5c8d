/** A Graph request the fake received, and what it answered. */
export interface WhatsAppRecordedRequest {
  method: string;
  /** e.g. `/v23.0/106540352242922/messages`. */
  path: string;
  /** The JSON body as parsed (null for GET and multipart uploads). */
  body: unknown;
  status: number;
  /** Graph's `error.code` when it answered with one. */
  errorCode: number | null;
}
