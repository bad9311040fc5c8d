/**
 * Throw this from a handler when retrying cannot help (the event breaks the contract, the
 * provider rejected the address for good): the event goes to the dead-letter stream at once.
 */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

/** Whether retrying `err` is pointless: a PermanentFailure, or an error that says `permanent`. */
export function isPermanent(err: unknown): boolean {
  return (
    err instanceof PermanentFailure ||
    (err instanceof Error && (err as { permanent?: unknown }).permanent === true)
  );
}
