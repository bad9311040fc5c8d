import { WHATSAPP_ERRORS } from './graph-error.js';
import type { StoredMessage, WhatsAppState } from './whatsapp-state.js';

/** One status of a sent message, as a `statuses[]` entry reports it. */
export interface StatusStep {
  status: 'sent' | 'delivered' | 'read' | 'failed';
  errorCode?: number;
}

const unix = (ms: number) => String(Math.floor(ms / 1000));

/**
 * The envelope of every WhatsApp webhook: `object`, `entry[]` (the WABA), `changes[]` with
 * `field: 'messages'` and a `value` that carries `metadata` and the messages or statuses.
 */
export function envelope(state: WhatsAppState, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: state.businessAccountId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: state.displayPhoneNumber,
                phone_number_id: state.phoneNumberId,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/**
 * A status webhook about a business message. A failed one carries `errors[]` (code, title,
 * message, error_data.details, href) and, as Meta sends it, no `pricing`.
 */
export function statusPayload(state: WhatsAppState, message: StoredMessage, step: StatusStep) {
  const entry: Record<string, unknown> = {
    id: message.id,
    status: step.status,
    timestamp: unix(Date.now()),
    ...(message.waId ? { recipient_id: message.waId } : {}),
    ...(message.userId ? { recipient_user_id: message.userId } : {}),
    ...(message.bizOpaqueCallbackData
      ? { biz_opaque_callback_data: message.bizOpaqueCallbackData }
      : {}),
  };
  if (step.status === 'failed') {
    const code = step.errorCode ?? 131000;
    const known = WHATSAPP_ERRORS[code] ?? { title: 'Error', details: 'Error' };
    entry.errors = [
      {
        code,
        title: known.title,
        message: known.title,
        error_data: { details: known.details },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  } else {
    const category = message.template ? 'utility' : 'service';
    entry.pricing = {
      billable: category !== 'service',
      pricing_model: 'PMP',
      category,
      type: category === 'service' ? 'free_customer_service' : 'regular',
    };
  }
  return envelope(state, { statuses: [entry] });
}

/** A customer's message webhook: `contacts[]` (profile name, wa_id, user_id) and `messages[]`. */
export function messagePayload(
  state: WhatsAppState,
  from: { waId: string | null; userId: string | null; name: string | null },
  message: Record<string, unknown>,
) {
  return envelope(state, {
    contacts: [
      {
        profile: { name: from.name ?? '' },
        ...(from.waId ? { wa_id: from.waId } : {}),
        ...(from.userId ? { user_id: from.userId } : {}),
      },
    ],
    messages: [
      {
        ...(from.waId ? { from: from.waId } : {}),
        ...(from.userId ? { from_user_id: from.userId } : {}),
        ...message,
      },
    ],
  });
}
