/** An API request the fake received, and the HTTP status it answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The account the request authenticated as, when it did. */
  accountSid: string | null;
  params: Record<string, string | string[]>;
  status: number;
  /** Twilio's error code when it answered with one. */
  errorCode: number | null;
}
