/** The Bot API objects this plugin reads (https://core.telegram.org/bots/api), the fields it uses. */

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface Chat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: boolean;
}

/** What every file object (photo size, document, voice, …) has. */
export interface FileRef {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
}

export interface PhotoSize extends FileRef {
  width: number;
  height: number;
}

export interface Document extends FileRef {
  file_name?: string;
  mime_type?: string;
}

export interface Audio extends Document {
  title?: string;
  performer?: string;
}

export interface Sticker extends FileRef {
  emoji?: string;
  is_animated?: boolean;
  is_video?: boolean;
}

export interface Message {
  message_id: number;
  message_thread_id?: number;
  from?: User;
  sender_chat?: Chat;
  date: number;
  chat: Chat;
  is_topic_message?: boolean;
  reply_to_message?: Message;
  text?: string;
  caption?: string;
  photo?: PhotoSize[];
  document?: Document;
  audio?: Audio;
  voice?: Document;
  video?: Document;
  video_note?: FileRef;
  animation?: Document;
  sticker?: Sticker;
  location?: { latitude: number; longitude: number };
  venue?: { location: { latitude: number; longitude: number }; title: string; address: string };
  contact?: {
    phone_number: string;
    first_name: string;
    last_name?: string;
    user_id?: number;
    vcard?: string;
  };
  poll?: { question: string };
  forum_topic_created?: { name: string };
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}

export interface ChatMemberUpdated {
  chat: Chat;
  from: User;
  date: number;
  old_chat_member: { status: string };
  new_chat_member: { status: string };
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  my_chat_member?: ChatMemberUpdated;
}

export interface File {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}
