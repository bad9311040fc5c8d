import { isE164, isShortCodeOrAlphanumericSender } from './e164.js';
import type { FakeTwilioAccount } from './fake-twilio-options.js';
import { formParams } from './form-params.js';
import { injectedError } from './injected-failure.js';
import { segmentationOf } from './segments.js';
import { newSid } from './sid.js';
import type { StoredMessage, TwilioState } from './twilio-state.js';
import { twilioErrors, type TwilioError } from './twilio-error.js';

/** Twilio's documented limit on `Body`, in characters. */
const maxBodyLength = 1600;

/** Twilio's magic test number, used as the sender a Messaging Service "picks" when the account lists none. */
const defaultServiceSender = '+15005550006';

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` for an authenticated account: checks the
 * request as Twilio does (in that order) and stores the message, or says which error to answer.
 */
export function createMessage(
  state: TwilioState,
  account: FakeTwilioAccount,
  form: URLSearchParams,
): { message: StoredMessage } | { error: TwilioError } {
  const to = form.get('To') ?? '';
  const from = form.get('From') || null;
  const serviceSid = form.get('MessagingServiceSid') || null;
  const body = form.get('Body') ?? '';
  const mediaUrls = form.getAll('MediaUrl');
  const statusCallback = form.get('StatusCallback') || null;

  const contentKey = JSON.stringify([account.sid, to, from, serviceSid, body, mediaUrls]);
  state.requestCounts.set(contentKey, (state.requestCounts.get(contentKey) ?? 0) + 1);

  const injected = state.failures.shift();
  if (injected) return { error: injectedError(injected) };

  const refusal = refusalOf(state, account, {
    to,
    from,
    serviceSid,
    body,
    mediaUrls,
    statusCallback,
    form,
  });
  if (refusal) return { error: refusal };

  const now = new Date();
  const { encoding, segments } = segmentationOf(body);
  const message: StoredMessage = {
    sid: newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
    accountSid: account.sid,
    to,
    from: from ?? account.phoneNumbers?.[0] ?? defaultServiceSender,
    requestedFrom: from,
    messagingServiceSid: serviceSid,
    body,
    segments,
    encoding,
    mediaUrls,
    statusCallback,
    status: serviceSid ? 'accepted' : 'queued',
    initialStatus: serviceSid ? 'accepted' : 'queued',
    errorCode: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
    contentKey,
    params: formParams(form),
  };
  state.messages.push(message);
  return { message };
}

function refusalOf(
  state: TwilioState,
  account: FakeTwilioAccount,
  request: {
    to: string;
    from: string | null;
    serviceSid: string | null;
    body: string;
    mediaUrls: string[];
    statusCallback: string | null;
    form: URLSearchParams;
  },
): TwilioError | undefined {
  const { to, from, serviceSid, body, mediaUrls, statusCallback, form } = request;
  if (to === '') return twilioErrors.toRequired();
  if (!isE164(to)) return twilioErrors.invalidTo(to);
  if (!from && !serviceSid) return twilioErrors.fromRequired();
  if (serviceSid && !/^MG[0-9a-fA-F]{32}$/.test(serviceSid)) {
    return twilioErrors.invalidMessagingService(serviceSid);
  }
  if (from && !isE164(from) && !isShortCodeOrAlphanumericSender(from)) {
    return twilioErrors.invalidFrom(from);
  }
  if (from && isE164(from) && account.phoneNumbers && !account.phoneNumbers.includes(from)) {
    return twilioErrors.fromNotOwned(from);
  }
  if (statusCallback && !isHttpUrl(statusCallback)) {
    return twilioErrors.invalidStatusCallback(statusCallback);
  }
  if (body === '' && mediaUrls.length === 0 && !form.get('ContentSid')) {
    return twilioErrors.bodyRequired();
  }
  if ([...body].length > maxBodyLength) return twilioErrors.bodyTooLong();
  if (state.landlines.has(to)) return twilioErrors.notMobile();
  if (state.optedOut.has(to)) return twilioErrors.unsubscribed();
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
