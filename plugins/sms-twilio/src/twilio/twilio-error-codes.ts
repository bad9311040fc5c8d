/** Twilio's asynchronous delivery errors (status callbacks' `ErrorCode`), in a few words. */
const DELIVERY_ERRORS: Readonly<Record<string, string>> = {
  '30001': 'queue overflow',
  '30002': 'account suspended',
  '30003': 'unreachable handset',
  '30004': 'message blocked',
  '30005': 'unknown handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'filtered by the carrier',
  '30008': 'unknown error',
  '30034': 'sender not registered (A2P 10DLC)',
};

/** What a failed status callback puts on the message: `twilio 30003: unreachable handset`. */
export function deliveryError(status: string, errorCode: string | undefined): string {
  if (!errorCode) return `twilio: ${status}`;
  return `twilio ${errorCode}: ${DELIVERY_ERRORS[errorCode] ?? status}`;
}

/** The recipient texted STOP to Twilio: never retry, record the opt-out. */
export const OPTED_OUT = 21610;
