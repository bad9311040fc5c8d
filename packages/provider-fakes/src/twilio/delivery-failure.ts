/** Why a message to a number is accepted but not delivered, as its status callbacks report it. */
export interface DeliveryFailure {
  /** `ErrorCode` of the last callback: 30003 unreachable, 30005 unknown, 30006 landline, 30007 filtered, … */
  errorCode: number;
  /**
   * `undelivered` (default): queued → sent → undelivered, as a carrier refuses it;
   * `failed`: queued → failed, as Twilio could not send it at all.
   */
  status?: 'undelivered' | 'failed';
}
