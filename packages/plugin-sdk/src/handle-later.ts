/**
 * Throw this from a handler to take the event again later, not as a failure: e.g. a survey due
 * an hour after the case was resolved. JetStream redelivers it after `delayMs` (to any replica);
 * nothing is dead-lettered. Each deferral counts as one delivery, so defer to the moment the
 * event is due rather than polling.
 */
export class HandleLater extends Error {
  override name = 'HandleLater';

  constructor(
    readonly delayMs: number,
    reason = `deferred for ${delayMs} ms`,
  ) {
    super(reason);
  }
}
