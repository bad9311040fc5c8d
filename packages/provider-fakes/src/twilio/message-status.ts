/** Statuses of an outbound SMS/MMS in Twilio's Message resource and its status callbacks. */
export type MessageStatus = 'accepted' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
