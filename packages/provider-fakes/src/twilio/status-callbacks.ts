import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import type { CallbackBehaviour } from './callback-behaviour.js';
import type { CallbackDelivery } from './callback-delivery.js';
import type { TimelineStep } from './delivery-timeline.js';
import type { StoredMessage } from './twilio-state.js';
import { outOfOrder } from '../shared/out-of-order.js';
import { stopController } from '../shared/stop-signal.js';

interface PlannedCallback {
  step: TimelineStep;
  index: number;
  copy: 1 | 2;
  params: Record<string, string>;
  idempotencyToken: string;
}

/**
 * Delivers a message's status callbacks to its `StatusCallback` URL, one after another, signed
 * with the account's auth token as Twilio signs them — late, twice or out of order when asked.
 */
export class StatusCallbacks {
  readonly deliveries: CallbackDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = stopController();
  private fault: Error | undefined;

  /** Starts delivering; the promise settles when the last callback of this message was answered. */
  dispatch(
    message: StoredMessage,
    authToken: string,
    timeline: readonly TimelineStep[],
    behaviour: CallbackBehaviour,
  ): Promise<void> {
    const url = message.statusCallback;
    if (!url) return Promise.resolve();
    const planned = plan(message, timeline, behaviour);
    const run = async () => {
      for (const callback of planned) {
        if (behaviour.delayMs)
          await sleep(behaviour.delayMs, undefined, { signal: this.stop.signal });
        await this.deliver(url, authToken, message.sid, callback);
      }
    };
    // Never rejects: a fault of the fake itself surfaces from settled(), not as an unhandled rejection.
    const delivery = run().catch((error: unknown) => {
      if (!this.stop.signal.aborted)
        this.fault ??= error instanceof Error ? error : new Error(String(error));
    });
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
    return delivery;
  }

  /** Resolves once every callback scheduled so far (and any they lead to) has been answered. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.fault) throw this.fault;
  }

  close(): void {
    this.stop.abort();
  }

  clear(): void {
    this.deliveries.length = 0;
    this.fault = undefined;
  }

  private async deliver(
    url: string,
    authToken: string,
    messageSid: string,
    callback: PlannedCallback,
  ): Promise<void> {
    const signature = twilio.getExpectedTwilioSignature(authToken, url, callback.params);
    const record: CallbackDelivery = {
      url,
      messageSid,
      messageStatus: callback.step.status,
      params: callback.params,
      signature,
      idempotencyToken: callback.idempotencyToken,
      copy: callback.copy,
      status: null,
      responseBody: '',
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': callback.idempotencyToken,
          'User-Agent': 'TwilioProxy/1.1',
          Accept: '*/*',
        },
        body: new URLSearchParams(callback.params).toString(),
        redirect: 'manual',
        signal: this.stop.signal,
      });
      record.status = response.status;
      record.responseBody = await response.text();
    } catch (error) {
      if (this.stop.signal.aborted) throw error;
      record.error = describe(error);
    }
    this.deliveries.push(record);
  }
}

function plan(
  message: StoredMessage,
  timeline: readonly TimelineStep[],
  behaviour: CallbackBehaviour,
): PlannedCallback[] {
  const copies: (1 | 2)[] = behaviour.duplicate ? [1, 2] : [1];
  const all = timeline.flatMap((step, index) => {
    const params = { ...callbackParams(message, step), ...behaviour.extraParams };
    // A duplicate is a second webhook, as when a carrier reports a status twice: a new token.
    return copies.map((copy) => ({
      step,
      index,
      copy,
      params,
      idempotencyToken: `${randomUUID()}-${message.sid}`,
    }));
  });
  return behaviour.shuffle ? outOfOrder(all) : all;
}

/** The parameters Twilio posts for one status of an outbound SMS/MMS. */
function callbackParams(message: StoredMessage, step: TimelineStep): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: step.status,
    SmsStatus: step.status,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    ApiVersion: '2010-04-01',
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (step.errorCode !== undefined) params.ErrorCode = String(step.errorCode);
  // Twilio added this to delivered/undelivered callbacks in 2023 without notice: YYMMDDhhmm.
  if (step.status === 'delivered' || step.status === 'undelivered') {
    params.RawDlrDoneDate = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
  }
  return params;
}

/**
 * A random order in which the final status arrives before some earlier one (a `sent` after the
 * `delivered`: what a plugin must not step back for).
 */

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
