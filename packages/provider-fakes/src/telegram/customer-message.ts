import type { Message, PhotoSize, User } from './bot-api-types.js';
import type { FileKind, StoredFile } from './file-store.js';
import { asReplied, type ChatState, type TelegramState } from './telegram-state.js';

/** A size of a photo a customer sends. */
export interface PhotoSizeInput {
  width: number;
  height: number;
  bytes: Buffer;
}

/**
 * What a customer writes into a chat the bot is in. One kind of content per message, as in
 * Telegram (text, or a photo/document/… with an optional caption, or a location, a contact).
 */
export interface CustomerMessage {
  /** The chat: a user's id for their private chat with the bot, or a group's id. */
  chat: number;
  /** Who writes (in a private chat, the chat's own user). */
  from: User;
  text?: string;
  caption?: string;
  /**
   * A photo: its bytes (sent as a 90×90 thumbnail of its first bytes and the full 1280×960
   * size; the fake does not scale images), or the sizes, smallest first, as Telegram lists them.
   */
  photo?: Buffer | { sizes: PhotoSizeInput[] };
  document?: { bytes: Buffer; fileName: string; mimeType?: string };
  audio?: {
    bytes: Buffer;
    duration: number;
    fileName?: string;
    mimeType?: string;
    title?: string;
    performer?: string;
  };
  voice?: { bytes: Buffer; duration: number; mimeType?: string };
  video?: {
    bytes: Buffer;
    width: number;
    height: number;
    duration: number;
    fileName?: string;
    mimeType?: string;
  };
  sticker?: { bytes: Buffer; emoji?: string; setName?: string; width?: number; height?: number };
  location?: { latitude: number; longitude: number };
  contact?: {
    phoneNumber: string;
    firstName: string;
    lastName?: string;
    userId?: number;
    vcard?: string;
  };
  /** The `message_id` (in this chat) it replies to: the bot's reply, another customer's message. */
  replyTo?: number;
  /** The forum topic (`message_thread_id`) it is written in; the General topic without. */
  threadId?: number;
}

/** Builds and stores the customer's message as Telegram would show it to the bot. */
export function customerMessage(state: TelegramState, input: CustomerMessage): Message {
  const chat = state.chats.get(input.chat);
  if (!chat) throw new Error(`FakeTelegram: no chat ${input.chat}`);
  if (chat.migratedTo !== null)
    throw new Error(
      `FakeTelegram: group ${input.chat} became supergroup ${chat.migratedTo}; write there`,
    );
  if (chat.chat.type === 'private' && chat.chat.id !== input.from.id)
    throw new Error(`FakeTelegram: only user ${chat.chat.id} writes in their private chat`);
  const fields: Omit<Message, 'message_id' | 'date' | 'chat'> = {
    ...thread(chat, input),
    from: input.from,
    ...content(state, input),
  };
  return state.addMessage(chat, fields);
}

function thread(
  chat: ChatState,
  input: CustomerMessage,
): Pick<Message, 'message_thread_id' | 'is_topic_message' | 'reply_to_message'> {
  const replied = input.replyTo === undefined ? undefined : chat.messages.get(input.replyTo);
  if (input.replyTo !== undefined && !replied)
    throw new Error(`FakeTelegram: no message ${input.replyTo} in chat ${chat.chat.id}`);
  if (input.threadId !== undefined) {
    if (!chat.topics.has(input.threadId))
      throw new Error(`FakeTelegram: no forum topic ${input.threadId} in chat ${chat.chat.id}`);
    // In a topic, a message that answers nothing in particular answers the topic's first message.
    const root = replied ?? chat.messages.get(input.threadId);
    return {
      message_thread_id: input.threadId,
      is_topic_message: true,
      ...(root ? { reply_to_message: asReplied(root) } : {}),
    };
  }
  if (!replied) return {};
  // In a supergroup, replies form a thread named after its first message (not a forum topic).
  const threadId =
    chat.chat.type === 'supergroup' && !chat.chat.is_forum
      ? (replied.message_thread_id ?? replied.message_id)
      : undefined;
  return {
    ...(threadId === undefined ? {} : { message_thread_id: threadId }),
    reply_to_message: asReplied(replied),
  };
}

function content(state: TelegramState, input: CustomerMessage): Partial<Message> {
  const file = (kind: FileKind, bytes: Buffer, type: string, name?: string): StoredFile =>
    state.files.add(kind, bytes, type, name);
  const ids = (f: StoredFile) => ({ file_id: f.fileId, file_unique_id: f.fileUniqueId });
  const caption = input.caption === undefined ? {} : { caption: input.caption };
  if (input.text !== undefined) return { text: input.text };
  if (input.photo) {
    const sizes = Buffer.isBuffer(input.photo)
      ? [
          {
            width: 90,
            height: 90,
            bytes: input.photo.subarray(0, Math.min(1024, input.photo.length)),
          },
          { width: 1280, height: 960, bytes: input.photo },
        ]
      : input.photo.sizes;
    const photo: PhotoSize[] = sizes.map((s) => {
      const f = file('photos', s.bytes, 'image/jpeg');
      return { ...ids(f), width: s.width, height: s.height, file_size: s.bytes.length };
    });
    return { photo, ...caption };
  }
  if (input.document) {
    const d = input.document;
    const type = d.mimeType ?? 'application/octet-stream';
    const f = file('documents', d.bytes, type, d.fileName);
    return {
      document: { ...ids(f), file_name: d.fileName, mime_type: type, file_size: d.bytes.length },
      ...caption,
    };
  }
  if (input.audio) {
    const a = input.audio;
    const type = a.mimeType ?? 'audio/mpeg';
    const f = file('music', a.bytes, type, a.fileName);
    return {
      audio: {
        ...ids(f),
        duration: a.duration,
        ...(a.performer ? { performer: a.performer } : {}),
        ...(a.title ? { title: a.title } : {}),
        ...(a.fileName ? { file_name: a.fileName } : {}),
        mime_type: type,
        file_size: a.bytes.length,
      },
      ...caption,
    };
  }
  if (input.voice) {
    const v = input.voice;
    const type = v.mimeType ?? 'audio/ogg';
    const f = file('voice', v.bytes, type);
    return {
      voice: { ...ids(f), duration: v.duration, mime_type: type, file_size: v.bytes.length },
      ...caption,
    };
  }
  if (input.video) {
    const v = input.video;
    const type = v.mimeType ?? 'video/mp4';
    const f = file('videos', v.bytes, type, v.fileName);
    return {
      video: {
        ...ids(f),
        width: v.width,
        height: v.height,
        duration: v.duration,
        ...(v.fileName ? { file_name: v.fileName } : {}),
        mime_type: type,
        file_size: v.bytes.length,
      },
      ...caption,
    };
  }
  if (input.sticker) {
    const s = input.sticker;
    const f = file('stickers', s.bytes, 'image/webp');
    return {
      sticker: {
        ...ids(f),
        type: 'regular',
        width: s.width ?? 512,
        height: s.height ?? 512,
        is_animated: false,
        is_video: false,
        ...(s.emoji ? { emoji: s.emoji } : {}),
        ...(s.setName ? { set_name: s.setName } : {}),
        file_size: s.bytes.length,
      },
    };
  }
  if (input.location) return { location: { ...input.location } };
  if (input.contact) {
    const c = input.contact;
    return {
      contact: {
        phone_number: c.phoneNumber,
        first_name: c.firstName,
        ...(c.lastName ? { last_name: c.lastName } : {}),
        ...(c.userId ? { user_id: c.userId } : {}),
        ...(c.vcard ? { vcard: c.vcard } : {}),
      },
    };
  }
  throw new Error('FakeTelegram: a message needs text, a file, a location or a contact');
}
