import type { MessageStatus } from './message-status.js';

/** One status callback the fake delivered, and how the plugin answered it. */
export interface CallbackDelivery {
  url: string;
  messageSid: string;
  messageStatus: MessageStatus;
  /** The form parameters posted. */
  params: Record<string, string>;
  /** `X-Twilio-Signature` sent. */
  signature: string;
  /** `I-Twilio-Idempotency-Token` sent (each copy of a duplicated callback has its own). */
  idempotencyToken: string;
  /** 1, or 2 for the second copy of a duplicated callback. */
  copy: 1 | 2;
  /** HTTP status the plugin answered; null when it could not be reached. */
  status: number | null;
  responseBody: string;
  /** Why the plugin could not be reached. */
  error?: string;
}
