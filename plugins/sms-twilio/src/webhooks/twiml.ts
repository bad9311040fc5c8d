const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** A TwiML answer to an incoming message: nothing to send back, or one message. */
export function twiml(message?: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (message === undefined) return `${head}<Response/>`;
  return `${head}<Response><Message>${message.replace(/[&<>"']/g, (c) => ESCAPES[c])}</Message></Response>`;
}
