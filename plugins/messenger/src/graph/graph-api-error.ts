/** Graph's error body: `{ error: { message, type, code, error_subcode?, fbtrace_id } }`. */
export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    fbtrace_id?: string;
  };
}

/**
 * A Graph request that failed: Meta's answer (HTTP status, its error code, subcode and message),
 * or no answer at all (`status` null: the network, a timeout).
 */
export class GraphApiError extends Error {
  override name = 'GraphApiError';

  constructor(
    /** HTTP status; null when Meta never answered. */
    readonly status: number | null,
    /** Graph's `error.code` (10, 100, 190, 551, 613, …); null without one. */
    readonly code: number | null,
    message: string,
    readonly subcode: number | null = null,
    readonly fbtraceId: string | null = null,
  ) {
    super(message);
  }

  /** How it reads on a message: `meta #10/2018278: (#10) This message is sent outside …`. */
  get reason(): string {
    if (this.status === null) return `meta unreachable: ${this.message}`;
    const code = this.code === null ? `HTTP ${this.status}` : `#${this.code}`;
    return `meta ${code}${this.subcode ? `/${this.subcode}` : ''}: ${this.message}`;
  }
}
