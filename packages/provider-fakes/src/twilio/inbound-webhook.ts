import twilio from 'twilio';
import { countryOf } from './country-of.js';
import type { InboundMessage, InboundResult } from './inbound-message.js';
import { optOutTypeOf } from './opt-out-type.js';
import { segmentationOf } from './segments.js';
import { newSid } from './sid.js';
import type { TwilioState } from './twilio-state.js';

/**
 * Posts Twilio's incoming-message webhook for a message the "phone" sends, as Twilio does: form
 * parameters, signed over the configured URL, media stored behind the account's credentials, and
 * the default opt-out keywords applied.
 */
export async function deliverInbound(
  state: TwilioState,
  baseUrl: string,
  message: InboundMessage,
): Promise<InboundResult> {
  const account = state.accounts.get(message.accountSid ?? [...state.accounts.keys()][0]);
  if (!account) throw new Error(`FakeTwilio: no account ${message.accountSid}`);
  const media = message.media ?? [];
  const messageSid = newSid(media.length > 0 ? 'MM' : 'SM');

  const params: Record<string, string> = {
    ToCountry: countryOf(message.toNumber),
    ToState: '',
    SmsMessageSid: messageSid,
    NumMedia: String(media.length),
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: message.body,
    FromCountry: countryOf(message.from),
    To: message.toNumber,
    ToZip: '',
    NumSegments: String(Math.max(1, segmentationOf(message.body).segments)),
    MessageSid: messageSid,
    AccountSid: account.sid,
    From: message.from,
    ApiVersion: '2010-04-01',
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  media.forEach((item, n) => {
    const sid = newSid('ME');
    state.media.set(sid, {
      sid,
      accountSid: account.sid,
      messageSid,
      contentType: item.contentType,
      bytes: Buffer.from(item.bytes),
      dateCreated: new Date(),
    });
    params[`MediaContentType${n}`] = item.contentType;
    params[`MediaUrl${n}`] =
      `${baseUrl}/2010-04-01/Accounts/${account.sid}/Messages/${messageSid}/Media/${sid}`;
  });

  const optOutType = optOutTypeOf(message.body);
  if (optOutType === 'STOP') state.optedOut.add(message.from);
  if (optOutType === 'START') state.optedOut.delete(message.from);
  if (optOutType && state.advancedOptOut) params.OptOutType = optOutType;
  Object.assign(params, message.extraParams);

  const signWith = message.signWith ?? 'valid';
  const signedUrl = message.signedUrl ?? message.to;
  const signature =
    signWith === 'none'
      ? undefined
      : twilio.getExpectedTwilioSignature(
          signWith === 'valid' ? account.authToken : `not-${account.authToken}`,
          signedUrl,
          params,
        );
  const response = await fetch(message.to, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'I-Twilio-Idempotency-Token': `${newSid('')}-${messageSid}`,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
  const result: InboundResult = {
    messageSid,
    params,
    signature,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
  state.inbound.push(result);
  return result;
}
