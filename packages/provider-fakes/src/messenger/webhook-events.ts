import { MessengerCdn } from './cdn.js';
import type { MessengerCustomerMessage } from './customer-message.js';
import { newMid } from './ids.js';
import type { MessengerPerson, MessengerPlatform } from './messenger-person.js';
import type {
  MessengerState,
  StoredCustomerMessage,
  StoredSentMessage,
} from './messenger-state.js';

/** One entry of `messaging[]`, as Meta posts it. */
export interface MessengerMessagingEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp?: number;
  message?: Record<string, unknown>;
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark?: number; mid?: string };
}

/** An event ready to post: on which platform, for which Page or Instagram account. */
export interface MessengerPreparedEvent {
  platform: MessengerPlatform;
  accountId: string;
  event: MessengerMessagingEvent;
  /** Message ids it carries (a customer's message or an echo). */
  mids: string[];
}

const DEFAULT_FILES: Readonly<Record<string, { contentType: string; filename: string }>> = {
  image: { contentType: 'image/jpeg', filename: 'image.jpg' },
  video: { contentType: 'video/mp4', filename: 'video.mp4' },
  audio: { contentType: 'audio/mpeg', filename: 'audio.mp3' },
  file: { contentType: 'application/pdf', filename: 'file.pdf' },
};
/** A 1×1 transparent PNG: a sticker's picture when a test gives none. */
const STICKER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A person's message as Meta posts it (`messaging[].message`), its attachments served by the
 * CDN; the person's windows open at its timestamp. Kept for the Conversations API.
 */
export function customerMessageEvent(
  state: MessengerState,
  cdn: MessengerCdn,
  person: MessengerPerson,
  input: MessengerCustomerMessage,
): MessengerPreparedEvent {
  const at = input.at ?? new Date();
  const mid = input.mid ?? newMid(person.platform);
  const message: Record<string, unknown> = { mid };
  if (input.text !== undefined) message.text = input.text;
  const attachments: Record<string, unknown>[] = [];
  const kept: StoredCustomerMessage['attachments'] = [];
  for (const a of input.attachments ?? []) {
    const defaults = DEFAULT_FILES[a.type];
    const contentType = a.contentType ?? defaults.contentType;
    const filename = a.filename ?? defaults.filename;
    const url = cdn.host(a.bytes, contentType, filename);
    attachments.push({ type: a.type, payload: { url } });
    kept.push({ type: a.type, filename, contentType, size: Buffer.from(a.bytes).length, url });
  }
  if (input.sticker) {
    if (person.platform !== 'messenger') throw new Error('FakeMessenger: stickers are Messenger’s');
    const stickerId = input.sticker.id ?? 369239263222822; // Messenger's "like" thumb
    const url = cdn.host(input.sticker.bytes ?? STICKER_PNG, 'image/png', 'sticker.png');
    attachments.push({ type: 'image', payload: { url, sticker_id: stickerId } });
    message.sticker_id = stickerId;
  }
  if (input.location) {
    if (person.platform !== 'messenger')
      throw new Error('FakeMessenger: locations are Messenger’s');
    const { lat, long, title } = input.location;
    attachments.push({
      type: 'location',
      title: title ?? 'Pinned Location',
      url: `https://l.facebook.com/l.php?u=${encodeURIComponent(`https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=${lat}%2C+${long}`)}`,
      payload: { coordinates: { lat, long } },
    });
  }
  if (attachments.length > 0) message.attachments = attachments;
  if (input.replyTo) message.reply_to = { mid: input.replyTo };
  if (!person.lastMessageAt || person.lastMessageAt < at) person.lastMessageAt = at;
  if (!state.received.some((m) => m.mid === mid)) {
    state.received.push({
      mid,
      personId: person.id,
      text: input.text ?? null,
      attachments: kept,
      timestamp: at,
    });
  }
  const account = state.accountOf(person);
  return {
    platform: person.platform,
    accountId: account,
    event: {
      sender: { id: person.id },
      recipient: { id: account },
      timestamp: at.getTime(),
      message,
    },
    mids: [mid],
  };
}

/** The echo of a message the business sent (`message_echoes`): sender and recipient swapped. */
export function echoEvent(state: MessengerState, sent: StoredSentMessage): MessengerPreparedEvent {
  const account = sent.platform === 'messenger' ? state.pageId : state.instagramId;
  const message: Record<string, unknown> = { mid: sent.mid, is_echo: true };
  if (sent.platform === 'messenger') message.app_id = 1517776481860111;
  if (sent.metadata !== null) message.metadata = sent.metadata;
  if (sent.text !== null) message.text = sent.text;
  if (sent.attachment) {
    message.attachments = [{ type: sent.attachment.type, payload: { url: sent.attachment.url } }];
  }
  return {
    platform: sent.platform,
    accountId: account,
    event: {
      sender: { id: account },
      recipient: { id: sent.recipientId },
      timestamp: sent.timestamp.getTime(),
      message,
    },
    mids: [sent.mid],
  };
}

/**
 * `message_deliveries` for the messages to `person` up to `upTo` (default: all of them): the
 * mids newly delivered and the watermark, the newest one's timestamp. Null when nothing is new.
 * Messenger only: Instagram sends no delivery events.
 */
export function deliveryEvent(
  state: MessengerState,
  person: MessengerPerson,
  upTo?: string,
): MessengerPreparedEvent | null {
  if (person.platform !== 'messenger')
    throw new Error('FakeMessenger: Instagram sends no delivery events');
  const covered = coveredMessages(state, person, upTo);
  const fresh = covered.filter((m) => !m.delivered);
  if (fresh.length === 0) return null;
  for (const m of fresh) m.delivered = true;
  return {
    platform: 'messenger',
    accountId: state.pageId,
    event: {
      sender: { id: person.id },
      recipient: { id: state.pageId },
      delivery: {
        mids: fresh.map((m) => m.mid),
        watermark: Math.max(...covered.map((m) => m.timestamp.getTime())),
      },
    },
    mids: [],
  };
}

/**
 * `message_reads` (Messenger: `read.watermark`, everything up to it) or Instagram's
 * `messaging_seen` (`read.mid`, the newest message seen) for the messages up to `upTo`.
 */
export function readEvent(
  state: MessengerState,
  person: MessengerPerson,
  upTo?: string,
): MessengerPreparedEvent | null {
  const covered = coveredMessages(state, person, upTo);
  if (covered.length === 0) return null;
  for (const m of covered) m.read = m.delivered = true;
  const newest = covered.reduce((a, b) => (b.timestamp >= a.timestamp ? b : a));
  const account = state.accountOf(person);
  return {
    platform: person.platform,
    accountId: account,
    event: {
      sender: { id: person.id },
      recipient: { id: account },
      timestamp: Date.now(),
      read:
        person.platform === 'messenger'
          ? { watermark: newest.timestamp.getTime() }
          : { mid: newest.mid },
    },
    mids: [],
  };
}

function coveredMessages(
  state: MessengerState,
  person: MessengerPerson,
  upTo: string | undefined,
): StoredSentMessage[] {
  const mine = state.sent.filter((m) => m.recipientId === person.id);
  if (upTo === undefined) return mine;
  const last = mine.find((m) => m.mid === upTo);
  if (!last) throw new Error(`FakeMessenger: ${upTo} was not sent to ${person.id}`);
  return mine.filter((m) => m.timestamp <= last.timestamp);
}
