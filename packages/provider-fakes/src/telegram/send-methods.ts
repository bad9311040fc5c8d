import { botErrors } from './bot-api-error.js';
import type { Message } from './bot-api-types.js';
import type { FileKind, StoredFile } from './file-store.js';
import {
  intParam,
  jsonParam,
  stringParam,
  boolParam,
  type RequestParams,
} from './request-params.js';
import type { SentTelegramMessage } from './sent-telegram-message.js';
import { asReplied, type ChatState, type TelegramState } from './telegram-state.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** The methods that send a message into a chat. */
export type SendMethod = 'sendMessage' | 'sendPhoto' | 'sendDocument';

/**
 * Sends a message as the bot, with Telegram's checks in its order: the chat (unknown, migrated,
 * blocked, bot removed), the flood limits, the topic and the message replied to, the content.
 */
export function send(
  state: TelegramState,
  method: SendMethod,
  p: RequestParams,
): SentTelegramMessage {
  const chatParam = p.values.chat_id;
  if (chatParam === undefined || chatParam === '') throw botErrors.missing('chat_id');
  const content = contentOf(state, method, p); // "message text is empty" before "chat not found"
  const chat = state.chatOf(chatParam as string | number);
  if (!chat) throw botErrors.chatNotFound();
  if (chat.migratedTo !== null) throw botErrors.migrated(chat.migratedTo);
  if (chat.blocked) throw botErrors.blocked();
  if (chat.botRemoved) throw botErrors.kicked(chat.chat.type === 'supergroup');
  const threadId = topicOf(chat, p);
  const replyTo = repliedOf(chat, p);
  const group = chat.chat.type !== 'private';
  const flood = state.flood.check(chat.chat.id, group);
  if (flood) throw flood;

  const message = state.addMessage(chat, {
    ...(threadId === null ? {} : { message_thread_id: threadId, is_topic_message: true }),
    from: state.bot,
    ...(replyTo
      ? { reply_to_message: asReplied(replyTo) }
      : threadId !== null && chat.messages.get(threadId)
        ? { reply_to_message: asReplied(chat.messages.get(threadId)!) }
        : {}),
    ...content.fields,
  });
  const sent: SentTelegramMessage = {
    method,
    chatId: chat.chat.id,
    messageId: message.message_id,
    threadId,
    text: message.text ?? null,
    caption: message.caption ?? null,
    file: content.file
      ? {
          filename: content.file.filename ?? null,
          contentType: content.file.contentType,
          bytes: content.file.bytes,
        }
      : null,
    replyToMessageId: replyTo?.message_id ?? null,
    date: new Date(message.date * 1000),
    message,
  };
  state.sent.push(sent);
  state.events.emit('sent', sent);
  return sent;
}

interface Content {
  fields: Partial<Message>;
  file: StoredFile | null;
}

function contentOf(state: TelegramState, method: SendMethod, p: RequestParams): Content {
  if (method === 'sendMessage') {
    const text = stringParam(p, 'text') ?? '';
    if (!text.trim()) throw botErrors.textEmpty();
    if (text.length > MAX_TEXT) throw botErrors.textTooLong();
    return { fields: { text }, file: null };
  }
  const caption = stringParam(p, 'caption');
  if (caption !== undefined && caption.length > MAX_CAPTION) throw botErrors.captionTooLong();
  const kind = method === 'sendPhoto' ? 'photo' : 'document';
  const file = fileOf(state, p, kind, kind === 'photo' ? 'photos' : 'documents');
  const ids = { file_id: file.fileId, file_unique_id: file.fileUniqueId };
  const fields: Partial<Message> =
    kind === 'photo'
      ? {
          // The fake does not scale: the thumbnail carries the same bytes.
          photo: [
            { ...ids, width: 90, height: 90, file_size: file.bytes.length },
            { ...ids, width: 1280, height: 960, file_size: file.bytes.length },
          ],
        }
      : {
          document: {
            ...ids,
            ...(file.filename ? { file_name: file.filename } : {}),
            mime_type: file.contentType,
            file_size: file.bytes.length,
          },
        };
  return { fields: caption ? { ...fields, caption } : fields, file };
}

/** The file to send: an upload (multipart), or a `file_id` Telegram already has. */
function fileOf(
  state: TelegramState,
  p: RequestParams,
  param: 'photo' | 'document',
  kind: FileKind,
): StoredFile {
  const upload = p.files[param];
  if (upload) {
    // Telegram caps uploads at 10 MB for photos and 50 MB for other files.
    const max = param === 'photo' ? 10 : 50;
    if (upload.bytes.length > max * 1024 * 1024) throw botErrors.invalid('file is too big');
    return state.files.add(kind, upload.bytes, upload.contentType, upload.filename || undefined);
  }
  const ref = stringParam(p, param);
  if (!ref) throw botErrors.noFile(param);
  // An http(s) URL Telegram would fetch itself: the fake reaches nothing, so it knows none.
  const known = state.files.get(ref);
  if (!known) throw botErrors.wrongFileId();
  return known;
}

/** The forum topic to send into; null for a chat's General topic or a chat without topics. */
function topicOf(chat: ChatState, p: RequestParams): number | null {
  const threadId = intParam(p, 'message_thread_id');
  if (threadId === undefined || !chat.chat.is_forum) return null;
  if (!chat.topics.has(threadId)) throw botErrors.threadNotFound();
  return threadId;
}

interface ReplyParameters {
  message_id?: number;
  chat_id?: number | string;
  allow_sending_without_reply?: boolean;
}

function repliedOf(chat: ChatState, p: RequestParams): Message | null {
  const params = jsonParam<ReplyParameters>(p, 'reply_parameters');
  const id = params?.message_id ?? intParam(p, 'reply_to_message_id');
  if (id === undefined) return null;
  const replied = chat.messages.get(Number(id));
  if (replied) return replied;
  const without =
    params?.allow_sending_without_reply === true || boolParam(p, 'allow_sending_without_reply');
  if (without) return null;
  throw botErrors.replyNotFound();
}
