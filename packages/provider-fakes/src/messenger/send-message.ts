import { messengerErrors, type MessengerGraphError } from './graph-error.js';
import { newMid } from './ids.js';
import { injectedError } from './injected-failure.js';
import type { MessengerState, StoredSentMessage } from './messenger-state.js';
import { windowRefusal } from './messaging-window.js';
import type { GraphBody } from './request-body.js';
import type { MessengerSentAttachment } from './sent-message.js';

const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'] as const;
const MESSENGER_TAGS = [
  'HUMAN_AGENT',
  'ACCOUNT_UPDATE',
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
];
const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file'] as const;
/** Meta's limit on `message.text`. */
export const MAX_TEXT = 2_000;
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

type Sent = { message: StoredSentMessage } | { error: MessengerGraphError };

/**
 * The Send API: checks a `POST /{id}/messages` as Meta does (recipient, messaging type and tag,
 * text or one attachment, the person's availability and windows) and keeps the message it
 * accepts. `account` is the path's id: `me` or the Page (either platform), or the Instagram
 * account (its people only).
 */
export async function sendMessage(
  state: MessengerState,
  account: string,
  body: GraphBody,
): Promise<Sent> {
  const fields = body.fields;
  const recipient = asObject(fields.recipient);
  const message = asObject(fields.message);
  const recipientId = typeof recipient?.id === 'string' ? recipient.id : null;
  const text = typeof message?.text === 'string' ? message.text : null;
  const attachment = asObject(message?.attachment);
  const payload = asObject(attachment?.payload);
  const file = body.files.filedata;
  const contentKey = JSON.stringify([
    recipientId,
    text,
    attachment?.type ?? null,
    payload?.url ?? payload?.attachment_id ?? null,
    file ? [file.filename, file.bytes.length] : null,
  ]);
  state.requestCounts.set(contentKey, (state.requestCounts.get(contentKey) ?? 0) + 1);

  const failure = state.failures.shift();
  if (failure) return { error: injectedError(failure) };

  if (!recipientId) return { error: messengerErrors.param('param recipient must be non-empty.') };
  const person = state.people.get(recipientId);
  if (!person || (account === state.instagramId && person.platform !== 'instagram')) {
    return { error: messengerErrors.noMatchingUser() };
  }
  const messagingType = fields.messaging_type;
  if (
    typeof messagingType !== 'string' ||
    !(MESSAGING_TYPES as readonly string[]).includes(messagingType)
  ) {
    return {
      error: messengerErrors.param(
        `param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${typeof messagingType === 'string' ? messagingType : JSON.stringify(messagingType ?? '')}"`,
      ),
    };
  }
  const tag = typeof fields.tag === 'string' ? fields.tag : null;
  const tags = person.platform === 'messenger' ? MESSENGER_TAGS : ['HUMAN_AGENT'];
  if (messagingType === 'MESSAGE_TAG' && (!tag || !tags.includes(tag))) {
    return { error: messengerErrors.param(`Param tag must be one of {${tags.join(', ')}}`) };
  }
  if (!message) return { error: messengerErrors.param('param message must be non-empty.') };
  if (text !== null && attachment) {
    return { error: messengerErrors.param('Only one of text or attachment can be specified') };
  }
  if (text !== null && text.trim() === '') {
    return { error: messengerErrors.param('param message[text] must be non-empty.') };
  }
  if (text !== null && text.length > MAX_TEXT) {
    return {
      error: messengerErrors.param(
        `Length of param message[text] must be less than or equal to ${MAX_TEXT}`,
      ),
    };
  }
  let sentAttachment: MessengerSentAttachment | null = null;
  if (attachment) {
    const made = await attachmentOf(state, attachment.type, payload, file);
    if ('error' in made) return made;
    sentAttachment = made.attachment;
  } else if (text === null) {
    return { error: messengerErrors.param('param message must contain text or an attachment.') };
  }

  if (person.unavailable) return { error: messengerErrors.unavailable() };
  const now = new Date();
  const refused = windowRefusal(person, messagingType, tag, state.humanAgent, now);
  if (refused) return { error: refused };

  const stored: StoredSentMessage = {
    mid: newMid(person.platform),
    platform: person.platform,
    recipientId: person.id,
    messagingType: messagingType as StoredSentMessage['messagingType'],
    tag: messagingType === 'MESSAGE_TAG' ? tag : null,
    text,
    attachment: sentAttachment,
    metadata: typeof message.metadata === 'string' ? message.metadata : null,
    timestamp: now,
    contentKey,
    delivered: false,
    read: false,
  };
  state.sent.push(stored);
  return { message: stored };
}

/** An attachment by upload (`filedata`), by URL (Meta fetches it), or by an upload's id. */
export async function attachmentOf(
  state: MessengerState,
  type: unknown,
  payload: Record<string, unknown> | null,
  file: GraphBody['files'][string] | undefined,
): Promise<{ attachment: MessengerSentAttachment } | { error: MessengerGraphError }> {
  if (typeof type !== 'string' || !(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
    return {
      error: messengerErrors.param(
        'param message[attachment][type] must be one of {image, video, audio, file, template}',
      ),
    };
  }
  const kind = type as MessengerSentAttachment['type'];
  if (file) {
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) {
      return { error: messengerErrors.param('Attachment size exceeds allowable limit', 2018294) };
    }
    return {
      attachment: {
        type: kind,
        source: 'upload',
        url: null,
        filename: file.filename,
        contentType: file.contentType,
        bytes: file.bytes,
      },
    };
  }
  if (typeof payload?.attachment_id === 'string') {
    const upload = state.uploads.get(payload.attachment_id);
    if (!upload) return { error: messengerErrors.param('Invalid attachment_id', 2018047) };
    return { attachment: { ...upload, type: kind, source: 'attachment_id' } };
  }
  if (typeof payload?.url === 'string') {
    if (!/^https?:\/\//i.test(payload.url)) return { error: messengerErrors.fetchFailed() };
    try {
      const res = await fetch(payload.url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return { error: messengerErrors.fetchFailed() };
      const bytes = Buffer.from(await res.arrayBuffer());
      const name = decodeURIComponent(new URL(payload.url).pathname.split('/').pop() ?? '') || null;
      return {
        attachment: {
          type: kind,
          source: 'url',
          url: payload.url,
          filename: name,
          contentType: res.headers.get('content-type'),
          bytes,
        },
      };
    } catch {
      return { error: messengerErrors.fetchFailed() };
    }
  }
  return {
    error: messengerErrors.param(
      'Incorrect attachment payload: give a url, an attachment_id or filedata',
    ),
  };
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
