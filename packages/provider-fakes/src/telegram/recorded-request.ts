/** A Bot API request the fake received, and what it answered. */
export interface RecordedRequest {
  /** The method as Telegram names it (`sendMessage`; methods are case-insensitive), or `file` for a download. */
  method: string;
  httpMethod: string;
  /** Every parameter but uploaded files (JSON values as sent, form values as strings). */
  params: Record<string, unknown>;
  /** Names of uploaded files, per parameter. */
  files: Record<string, string>;
  /** The HTTP status answered; null when the request was dropped (its client left while it was held). */
  status: number | null;
  /** `error_code` of an error answer, else null. */
  errorCode: number | null;
  description: string | null;
  /** `parameters.retry_after` of a 429. */
  retryAfter: number | null;
  at: Date;
}
