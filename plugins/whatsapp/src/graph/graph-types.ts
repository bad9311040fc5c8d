/** Who a message goes to: a phone number (wa_id), or a business-scoped user id. */
export type Recipient = { to: string } | { recipient: string };

/** The content of one message, as the messages endpoint takes it (without the recipient). */
export type MessageContent =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components?: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
      };
    }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'audio'; audio: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } };

export interface MediaRef {
  id: string;
  caption?: string;
}

/** `POST /{version}/{phone-number-id}/messages`. */
export type OutboundMessage = Recipient &
  MessageContent & {
    messaging_product: 'whatsapp';
    recipient_type: 'individual';
    /** Comes back in the message's status webhooks: which reply (and part) they are about. */
    biz_opaque_callback_data?: string;
  };

/** What the messages endpoint answers. */
export interface SendResult {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id?: string; user_id?: string }[];
  messages: { id: string; message_status?: string }[];
}

/** `GET /{version}/{media-id}`: where to download a media file (for five minutes). */
export interface MediaInfo {
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: number;
  id: string;
}

/** A template as `GET /{version}/{waba-id}/message_templates` lists it. */
export interface GraphTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: { type: string; text?: string; format?: string }[];
}
