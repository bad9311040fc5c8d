// Twilio's webhook module alone: the package's main entry also loads the whole REST client.
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/** What Twilio signs: the URL it called, as configured (query string included), and the form fields. */
export interface TwilioSignedContent {
  /** The account's auth token. */
  readonly authToken: string;
  /** The full public URL Twilio requested, as Twilio knows it (scheme, host, path, query). */
  readonly url: string;
  /** Every field of the POST body, as `parseForm` gives them; `{}` for a GET. */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Whether `signature` (the `X-Twilio-Signature` header) is Twilio's signature over this request,
 * checked by Twilio's own `validateRequest` (constant-time; with and without the default port).
 * Pass every field received: Twilio adds fields without notice, and a signature checked over a
 * chosen few fails. Never throws: a missing, repeated or malformed header, a malformed URL or an
 * empty auth token (a misconfiguration that anyone could sign for) all give false.
 *
 * @example verifyTwilioSignature({ authToken, url: 'https://hub.example/twilio/sms', params: parseForm(body), signature: req.headers['x-twilio-signature'] })
 */
export function verifyTwilioSignature(
  request: TwilioSignedContent & {
    /** The header as Node gives it: repeated (an array), it is no signature. */
    readonly signature: string | readonly string[] | undefined | null;
  },
): boolean {
  const { authToken, url, params, signature } = request;
  if (!authToken || !signature || typeof signature !== 'string') return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}

/**
 * The `X-Twilio-Signature` Twilio would send with this request: base64 HMAC-SHA1 of the URL
 * followed by each field's name and value, sorted by name. For fakes and tests.
 *
 * @example twilioSignature({ authToken: '12345', url: 'https://mycompany.com/myapp.php?foo=1&bar=2', params: { Digits: '1234' } })
 */
export function twilioSignature(content: TwilioSignedContent): string {
  return getExpectedTwilioSignature(content.authToken, content.url, content.params);
}
