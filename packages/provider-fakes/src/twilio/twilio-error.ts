/** The JSON body Twilio answers an API error with. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** An error the fake answers with: the HTTP status, Twilio's body, and any extra header (`Retry-After`). */
export class TwilioError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  get body(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

const basicChallenge = { 'WWW-Authenticate': 'Basic realm="Twilio API"' };

/** The errors of the Messages API the fake reproduces, with Twilio's codes and wording. */
export const twilioErrors = {
  noCredentials: () =>
    new TwilioError(401, 20003, 'Authentication Error - No credentials provided', basicChallenge),
  authenticate: () => new TwilioError(401, 20003, 'Authenticate', basicChallenge),
  notFound: (path: string) =>
    new TwilioError(404, 20404, `The requested resource ${path} was not found`),
  toRequired: () => new TwilioError(400, 21604, "A 'To' phone number is required."),
  invalidTo: (to: string) => new TwilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  fromRequired: () => new TwilioError(400, 21603, "A 'From' phone number is required."),
  invalidFrom: (from: string) =>
    new TwilioError(400, 21212, `Invalid 'From' Phone Number: ${from}`),
  fromNotOwned: (from: string) =>
    new TwilioError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    ),
  invalidMessagingService: (sid: string) =>
    new TwilioError(400, 21701, `The Messaging Service Sid ${sid} is invalid.`),
  invalidStatusCallback: (url: string) =>
    new TwilioError(400, 21609, `The StatusCallback URL ${url} is not a valid URL.`),
  bodyRequired: () => new TwilioError(400, 21602, 'Message body is required.'),
  bodyTooLong: () =>
    new TwilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  notMobile: () => new TwilioError(400, 21614, "'To' number is not a valid mobile number"),
  unsubscribed: () => new TwilioError(400, 21610, 'Attempt to send to unsubscribed recipient'),
  methodNotAllowed: (method: string) => new TwilioError(405, 20004, `Method ${method} not allowed`),
} as const;
