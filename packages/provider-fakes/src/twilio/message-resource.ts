import { rfc2822Date } from './rfc2822-date.js';
import type { StoredMessage } from './twilio-state.js';

/**
 * A Message resource as the API answers it (shape of `api.v2010.account.message` in twilio-oai):
 * `created` is the answer to the send, `current` what a later fetch sees.
 */
export function messageResource(message: StoredMessage, view: 'created' | 'current') {
  const created = view === 'created';
  const path = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822Date(message.dateCreated),
    date_sent: created || !message.dateSent ? null : rfc2822Date(message.dateSent),
    date_updated: rfc2822Date(created ? message.dateCreated : message.dateUpdated),
    direction: 'outbound-api',
    error_code: created ? null : message.errorCode,
    error_message: null,
    from: created ? message.requestedFrom : message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.mediaUrls.length > 0 ? 1 : message.segments),
    price: null,
    price_unit: null,
    sid: message.sid,
    status: created ? message.initialStatus : message.status,
    subresource_uris: { media: `${path}/Media.json` },
    to: message.to,
    uri: `${path}.json`,
  };
}
