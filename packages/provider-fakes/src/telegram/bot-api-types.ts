/**
 * The Bot API objects the fake speaks, as https://core.telegram.org/bots/api documents them
 * (the fields it fills in; optional ones are left out when empty, as Telegram does).
 */

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** What `getMe` answers: the bot, with its capabilities. */
export interface BotUser extends User {
  is_bot: true;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface Chat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: true;
}

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface Document {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface Audio extends Document {
  duration: number;
  performer?: string;
  title?: string;
}

export interface Voice {
  file_id: string;
  file_unique_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
}

export interface Video extends Document {
  width: number;
  height: number;
  duration: number;
}

export interface Sticker {
  file_id: string;
  file_unique_id: string;
  type: 'regular' | 'mask' | 'custom_emoji';
  width: number;
  height: number;
  is_animated: boolean;
  is_video: boolean;
  emoji?: string;
  set_name?: string;
  file_size?: number;
}

export interface Location {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
}

export interface Contact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
  vcard?: string;
}

export interface ForumTopicCreated {
  name: string;
  icon_color: number;
}

export interface Message {
  message_id: number;
  /** The forum topic (or reply thread of a supergroup) the message belongs to. */
  message_thread_id?: number;
  from?: User;
  sender_chat?: Chat;
  date: number;
  chat: Chat;
  is_topic_message?: true;
  reply_to_message?: Message;
  text?: string;
  photo?: PhotoSize[];
  document?: Document;
  audio?: Audio;
  voice?: Voice;
  video?: Video;
  sticker?: Sticker;
  caption?: string;
  location?: Location;
  contact?: Contact;
  forum_topic_created?: ForumTopicCreated;
  /** In the old group: it became the supergroup with this id. */
  migrate_to_chat_id?: number;
  /** In the new supergroup: it was the group with this id. */
  migrate_from_chat_id?: number;
}

export interface ChatMember {
  status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
  user: User;
}

export interface ChatMemberUpdated {
  chat: Chat;
  from: User;
  date: number;
  old_chat_member: ChatMember;
  new_chat_member: ChatMember;
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  my_chat_member?: ChatMemberUpdated;
}

/** The kinds of update (`allowed_updates`) the fake produces. */
export type UpdateType = 'message' | 'edited_message' | 'my_chat_member';

export interface File {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  /** `https://api.telegram.org/file/bot<token>/<file_path>` serves the file for at least an hour. */
  file_path?: string;
}

export interface WebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

/** Why a request failed, in a machine-readable way (`parameters` of an error answer). */
export interface ResponseParameters {
  migrate_to_chat_id?: number;
  retry_after?: number;
}

/** Every answer of the Bot API: `{ ok: true, result }` or `{ ok: false, error_code, description }`. */
export type BotApiResponse<T = unknown> =
  | { ok: true; result: T; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };
