/** Graph's error envelope: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { details?: string } | string;
    fbtrace_id?: string;
  };
}

/**
 * A Graph request that failed: Graph's answer (HTTP status, its error code, details, trace id),
 * or no answer at all (`status` null: the network, a timeout).
 */
export class GraphApiError extends Error {
  override name = 'GraphApiError';

  constructor(
    /** HTTP status; null when Graph never answered. */
    readonly status: number | null,
    /** Graph's `error.code` (131047, 130429, 190, ...); null without one. */
    readonly code: number | null,
    message: string,
    /** `error.error_data.details`: what Meta says went wrong, in a sentence. */
    readonly details: string | null = null,
    readonly fbtraceId: string | null = null,
    readonly subcode: number | null = null,
  ) {
    super(message);
  }

  /** How it reads on a message: `whatsapp 131026: (#131026) Message undeliverable (details)`. */
  get reason(): string {
    if (this.status === null) return `whatsapp unreachable: ${this.message}`;
    const details =
      this.details && !this.message.includes(this.details) ? ` (${this.details})` : '';
    return `whatsapp ${this.code ?? `HTTP ${this.status}`}: ${this.message}${details}`;
  }
}

/** The error of a failed Graph answer, read from its envelope when it has one. */
export async function graphErrorOf(res: Response): Promise<GraphApiError> {
  const text = await res.text().catch(() => '');
  let body: GraphErrorBody = {};
  try {
    body = JSON.parse(text) as GraphErrorBody;
  } catch {
    // Not Graph's JSON (a proxy's page): the status says enough.
  }
  const e = body.error ?? {};
  const details = typeof e.error_data === 'object' ? (e.error_data.details ?? null) : null;
  return new GraphApiError(
    res.status,
    typeof e.code === 'number' ? e.code : null,
    e.message ?? (text.slice(0, 200) || res.statusText),
    details,
    e.fbtrace_id ?? null,
    typeof e.error_subcode === 'number' ? e.error_subcode : null,
  );
}
