/** An RFC 9457 problem as the core answers it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Fields at fault: JSON pointer and message. */
  errors?: { pointer: string; detail: string }[];
  [extension: string]: unknown;
}

/** Statuses that say "this request will never succeed as it is": retrying cannot help. */
const PERMANENT = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);

/** The core refused a request. `permanent` errors send the event to the dead-letter stream at once. */
export class CoreApiError extends Error {
  override name = 'CoreApiError';
  readonly permanent: boolean;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: Problem,
  ) {
    const fields = problem.errors?.map((e) => `${e.pointer}: ${e.detail}`).join('; ');
    super(
      `${method} ${path} → ${status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}${fields ? ` (${fields})` : ''}`.trim(),
    );
    this.permanent = PERMANENT.has(status);
  }
}
