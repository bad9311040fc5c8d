/**
 * What Meta posts to the webhook (`object: whatsapp_business_account`), as far as this plugin
 * reads it. Everything is optional: the bytes come from outside and are checked as they are read.
 */
export interface WebhookPayload {
  object?: string;
  entry?: { id?: string; changes?: WebhookChange[] }[];
}

export interface WebhookChange {
  field?: string;
  value?: ChangeValue;
}

export interface ChangeValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WaContact[];
  messages?: WaMessage[];
  statuses?: WaStatus[];
}

export interface WaContact {
  profile?: { name?: string; username?: string };
  wa_id?: string;
  user_id?: string;
}

export interface WaMedia {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
}

export interface WaMessage {
  id?: string;
  from?: string;
  from_user_id?: string;
  timestamp?: string;
  type?: string;
  context?: { from?: string; id?: string };
  text?: { body?: string };
  image?: WaMedia;
  video?: WaMedia;
  audio?: WaMedia;
  document?: WaMedia;
  sticker?: WaMedia;
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  contacts?: {
    name?: { formatted_name?: string };
    phones?: { phone?: string }[];
    emails?: { email?: string }[];
    org?: { company?: string };
  }[];
  button?: { text?: string };
  interactive?: {
    type?: string;
    button_reply?: { title?: string };
    list_reply?: { title?: string; description?: string };
  };
  reaction?: { message_id?: string; emoji?: string };
  errors?: { code?: number; title?: string }[];
}

export interface WaStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
}
