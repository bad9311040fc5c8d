import type { Message } from './bot-api-types.js';

/** A message the bot sent and Telegram accepted: what the customer's chat shows. */
export interface SentTelegramMessage {
  /** `sendMessage`, `sendPhoto` or `sendDocument`. */
  method: string;
  chatId: number;
  messageId: number;
  /** The forum topic it went to (`message_thread_id`), or null. */
  threadId: number | null;
  /** A text message's text, else null. */
  text: string | null;
  /** A photo's or document's caption, else null. */
  caption: string | null;
  /** The uploaded (or re-sent) file of a photo or document. */
  file: { filename: string | null; contentType: string; bytes: Buffer } | null;
  /** The message it answers (`reply_parameters.message_id` / `reply_to_message_id`), or null. */
  replyToMessageId: number | null;
  date: Date;
  /** The Message object Telegram answered with. */
  message: Message;
}
