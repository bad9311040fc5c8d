import type { Update } from './bot-api-types.js';

/** One POST of an update to a webhook, and what the webhook answered. */
export interface WebhookDelivery {
  updateId: number;
  /** 1 for the first attempt, 2 for the first retry, …; a duplicate counts on. */
  attempt: number;
  url: string;
  /** The `X-Telegram-Bot-Api-Secret-Token` sent; null when none was. */
  secretToken: string | null;
  /** The HTTP status answered; null when there was no answer (`error` says why). */
  status: number | null;
  error: string | null;
  /** The webhook's answer. */
  body: string;
  at: Date;
}

/** Where and how the fake POSTs an update. */
export interface WebhookTarget {
  url: string;
  secretToken: string | null;
}

/**
 * POSTs an update as Telegram does: `application/json`, the secret token (when set) in
 * `X-Telegram-Bot-Api-Secret-Token`. Never throws: no answer is a delivery with `status` null.
 */
export async function postUpdate(
  target: WebhookTarget,
  update: Update,
  attempt: number,
  timeoutMs: number,
): Promise<WebhookDelivery> {
  const base = {
    updateId: update.update_id,
    attempt,
    url: target.url,
    secretToken: target.secretToken,
    at: new Date(),
  };
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(target.secretToken === null
          ? {}
          : { 'x-telegram-bot-api-secret-token': target.secretToken }),
      },
      body: JSON.stringify(update),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { ...base, status: res.status, error: null, body: await res.text() };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ...base, status: null, error: cause ?? (err as Error).message, body: '' };
  }
}

/** Telegram's `last_error_message` for a failed delivery. */
export function deliveryError(d: WebhookDelivery): string {
  if (d.status !== null) return `Wrong response from the webhook: ${d.status}`;
  if (d.error === 'ECONNREFUSED') return 'Connection refused';
  if (d.error?.includes('timeout') || d.error === 'TimeoutError') return 'Read timeout expired';
  return `Connection failed: ${d.error ?? 'unknown'}`;
}
