/**
 * Throw this from a handler when retrying cannot help (the event breaks the contract, the
 * provider rejected the address for good): the event goes to the dead-letter stream at once.
 */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}
