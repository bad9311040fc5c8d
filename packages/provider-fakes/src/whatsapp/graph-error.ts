import { newFbtraceId } from './ids.js';

/** Graph's error envelope, as the Cloud API answers a refused request. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    error_subcode?: number;
    fbtrace_id: string;
  };
}

/** A refusal the fake answers with: an HTTP status and Graph's envelope. */
export class GraphError {
  readonly body: GraphErrorBody;

  constructor(
    readonly status: number,
    code: number,
    message: string,
    details?: string,
    subcode?: number,
    type = 'OAuthException',
  ) {
    this.body = {
      error: {
        message,
        type,
        code,
        ...(details === undefined
          ? {}
          : { error_data: { messaging_product: 'whatsapp', details } }),
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: newFbtraceId(),
      },
    };
  }

  get code(): number {
    return this.body.error.code;
  }
}

/**
 * WhatsApp's error codes the fake knows, with the title Meta puts in `message` (`(#code) title`)
 * and the `details` it documents. Codes sent in status webhooks use the same titles.
 */
export const WHATSAPP_ERRORS: Readonly<Record<number, { title: string; details: string }>> = {
  130429: {
    title: 'Rate limit hit',
    details: 'Cloud API message throughput has been reached.',
  },
  131026: {
    title: 'Message undeliverable',
    details:
      'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.',
  },
  131047: {
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    details:
      'The number of variable parameter values included in the request did not match the number of variable parameters defined in the template.',
  },
  132001: {
    title: 'Template does not exist',
    details:
      'The template does not exist in the specified language or the template has not been approved.',
  },
  368: {
    title: 'Temporarily blocked for policies violations',
    details:
      'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.',
  },
  131000: {
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
  },
  131053: {
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
  },
  100: {
    title: 'Invalid parameter',
    details: 'The request included one or more unsupported or misspelled parameters.',
  },
};

/** A WhatsApp error by its code, `(#code) title` as Graph words it; `details` replaces Meta's. */
export function whatsappError(code: number, status = 400, details?: string): GraphError {
  const known = WHATSAPP_ERRORS[code];
  return new GraphError(
    status,
    code,
    `(#${code}) ${known?.title ?? 'Error'}`,
    details ?? known?.details ?? 'Error',
  );
}

/** The errors the fake's endpoints answer, worded as Graph words them. */
export const graphErrors = {
  /** A token Graph cannot parse or that is not valid (expired, revoked, another app's). */
  invalidToken: () =>
    new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'),
  /** No token at all. */
  noToken: () =>
    new GraphError(
      400,
      2500,
      'An active access token must be used to query information about the current user.',
    ),
  /** An id the token cannot see (another phone number, an unknown media id, a typo). */
  unknownObject: (method: string, id: string) =>
    new GraphError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      undefined,
      33,
      'GraphMethodException',
    ),
  unknownPath: (path: string) => new GraphError(400, 2500, `Unknown path components: ${path}`),
  /** `(#100) Invalid parameter` with what is wrong in `details`. */
  invalidParameter: (details: string) => whatsappError(100, 400, details),
};
