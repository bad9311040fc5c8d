import { newTraceId } from './ids.js';
import type { MessengerPlatform } from './messenger-person.js';

/** Graph's error body: `{ error: { message, type, code, error_subcode?, fbtrace_id } }`. */
export interface MessengerGraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

/** An error the fake answers with: the HTTP status and Graph's envelope. */
export class MessengerGraphError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly subcode?: number,
    readonly type = 'OAuthException',
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  body(): MessengerGraphErrorBody {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode === undefined ? {} : { error_subcode: this.subcode }),
        fbtrace_id: newTraceId(),
      },
    };
  }
}

const POLICY = 'https://developers.facebook.com/docs/messenger-platform/policy-overview';

/**
 * The errors the fake reproduces, with the codes, subcodes and wording Meta documents for the
 * Send API (Messenger Platform "Common Error Codes"), the Graph API and Instagram messaging.
 */
export const messengerErrors = {
  noToken: () =>
    new MessengerGraphError(400, 104, 'An access token is required to request this resource.'),
  badToken: () =>
    new MessengerGraphError(
      401,
      190,
      'Invalid OAuth access token - Cannot parse access token',
      undefined,
      'OAuthException',
      {
        'WWW-Authenticate':
          'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"',
      },
    ),
  unknownVersion: (version: string) =>
    new MessengerGraphError(400, 2500, `Unknown path components: /${version}`),
  unsupported: (method: 'get' | 'post', id: string) =>
    new MessengerGraphError(
      400,
      100,
      `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      33,
      'GraphMethodException',
    ),
  param: (message: string, subcode?: number) =>
    new MessengerGraphError(400, 100, `(#100) ${message}`, subcode),
  noMatchingUser: () => new MessengerGraphError(400, 100, '(#100) No matching user found', 2018001),
  fetchFailed: () =>
    new MessengerGraphError(400, 100, '(#100) Failed to fetch the file from the url', 2018008),
  outsideWindow: (platform: MessengerPlatform) =>
    platform === 'messenger'
      ? new MessengerGraphError(
          400,
          10,
          `(#10) This message is sent outside of allowed window. Learn more about the new policy here: ${POLICY}`,
          2018278,
        )
      : new MessengerGraphError(
          400,
          10,
          '(#10) This message is sent outside of allowed window.',
          2534022,
        ),
  /**
   * HUMAN_AGENT without the permission. Meta documents the family ("You need … permission to be
   * able to do it", code 10) but no dedicated subcode: 2018336 is this fake's.
   */
  humanAgentNotGranted: () =>
    new MessengerGraphError(
      400,
      10,
      '(#10) This message is sent outside of allowed window. You need Human Agent permission to be able to do it.',
      2018336,
    ),
  unavailable: () =>
    new MessengerGraphError(400, 551, "(#551) This person isn't available right now.", 1545041),
  methodNotAllowed: () =>
    new MessengerGraphError(400, 100, '(#100) Unsupported request - method type not allowed'),
} as const;
