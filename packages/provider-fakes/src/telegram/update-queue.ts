import { botErrors, type BotApiError } from './bot-api-error.js';
import type { Update, UpdateType } from './bot-api-types.js';
import type { WebhookBehaviour } from './webhook-behaviour.js';
import { deliveryError, postUpdate, type WebhookDelivery } from './webhook-delivery.js';

/** What `setWebhook` set. */
export interface WebhookSetting {
  url: string;
  secretToken: string | null;
  maxConnections: number;
}

interface Poller {
  limit: number;
  answer: (result: Update[] | BotApiError) => void;
}

const DEFAULT_RETRY_DELAYS_MS = [200, 1_000, 3_000, 10_000];
const MAX_LIMIT = 100;

/**
 * The bot's pending updates, confirmed the two ways Telegram allows: a webhook that answered
 * 2xx (one update at a time, in order, retried after a failure), or a `getUpdates` whose
 * `offset` moved past them. One long poll at a time: a second one ends the first with 409.
 */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextId = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  private poller: Poller | null = null;
  private delivering: Promise<void> | null = null;
  private idle: (() => void)[] = [];
  /** Waits between retries: close() ends them at once. */
  private sleeping = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  webhook: WebhookSetting | null = null;
  /** `allowed_updates` of the last setWebhook/getUpdates that gave it; null: the default (all). */
  allowedUpdates: UpdateType[] | null = null;
  lastError: { date: number; message: string } | null = null;
  readonly deliveries: WebhookDelivery[] = [];

  constructor(public behaviour: WebhookBehaviour = {}) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues an update (a new `update_id`); null when `allowed_updates` leaves its type out. */
  push(body: Omit<Update, 'update_id'>): Update | null {
    const type = Object.keys(body)[0] as UpdateType;
    if (
      this.allowedUpdates &&
      this.allowedUpdates.length > 0 &&
      !this.allowedUpdates.includes(type)
    )
      return null;
    const update = { update_id: this.nextId++, ...body };
    this.enqueue(update);
    return update;
  }

  /** Queues an update already sent once, with its own `update_id`: a duplicate. */
  enqueue(update: Update): void {
    this.pending.push(update);
    this.wakePoller();
    this.kick();
  }

  setWebhook(setting: WebhookSetting, dropPending: boolean): void {
    this.webhook = setting;
    if (dropPending) this.pending = [];
    this.lastError = null;
    // A long poll in progress ends: the webhook takes the updates from now on.
    this.poller?.answer(botErrors.webhookActive());
    this.poller = null;
    this.kick();
  }

  deleteWebhook(dropPending: boolean): void {
    this.webhook = null;
    if (dropPending) this.pending = [];
    this.notifyIdle();
  }

  /**
   * getUpdates: confirms what lies before `offset` (a negative offset keeps the last ones),
   * answers what is pending, or waits up to `timeoutSec` for something to arrive. `onGone`
   * registers what to do when the client leaves while waiting: the poll is abandoned (and
   * confirms nothing).
   */
  getUpdates(
    offset: number | undefined,
    limit: number | undefined,
    timeoutSec: number,
    onGone: (abandon: () => void) => void,
  ): Promise<Update[]> {
    if (this.webhook) return Promise.reject(botErrors.webhookActive());
    if (offset !== undefined) {
      if (offset >= 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
      else this.pending = this.pending.slice(offset);
      this.notifyIdle();
    }
    // Telegram serves one poll at a time: the one already waiting is terminated.
    this.poller?.answer(botErrors.otherPoller());
    this.poller = null;
    const max = Math.min(MAX_LIMIT, Math.max(1, limit ?? MAX_LIMIT));
    if (this.pending.length > 0 || timeoutSec <= 0 || this.closed)
      return Promise.resolve(this.pending.slice(0, max));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done([]), timeoutSec * 1000);
      const done = (result: Update[] | BotApiError) => {
        clearTimeout(timer);
        if (this.poller === poller) this.poller = null;
        if (Array.isArray(result)) resolve(result);
        else reject(result);
      };
      const poller: Poller = { limit: max, answer: done };
      this.poller = poller;
      onGone(() => done([]));
    });
  }

  /** Resolves once nothing is pending and no webhook delivery is under way. */
  settled(): Promise<void> {
    if (this.pending.length === 0 && !this.delivering) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  clear(): void {
    this.pending = [];
    this.deliveries.length = 0;
    this.lastError = null;
    this.notifyIdle();
  }

  close(): void {
    this.closed = true;
    for (const [t, wake] of this.sleeping) {
      clearTimeout(t);
      wake();
    }
    this.sleeping.clear();
    this.poller?.answer([]);
    this.poller = null;
    this.pending = [];
    this.notifyIdle();
  }

  private wakePoller(): void {
    if (!this.poller || this.pending.length === 0) return;
    const { answer, limit } = this.poller;
    this.poller = null;
    answer(this.pending.slice(0, limit));
  }

  private kick(): void {
    if (this.closed || !this.webhook || this.delivering) return;
    this.delivering = this.deliverAll().finally(() => {
      this.delivering = null;
      if (this.webhook && this.pending.length > 0 && !this.closed) this.kick();
      else this.notifyIdle();
    });
  }

  private async deliverAll(): Promise<void> {
    while (!this.closed && this.webhook && this.pending.length > 0) {
      const update = this.pending[0];
      const delivered = await this.deliver(update);
      if (delivered === 'webhook-changed') continue;
      // Delivered, or given up on: either way Telegram forgets it.
      if (this.pending[0] === update) this.pending.shift();
      if (delivered === 'ok' && this.behaviour.duplicate) await this.deliver(update, true);
    }
  }

  private async deliver(
    update: Update,
    duplicate = false,
  ): Promise<'ok' | 'failed' | 'webhook-changed'> {
    const hook = this.webhook!;
    const delays = this.behaviour.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const attempts = duplicate ? 1 : delays.length + 1;
    for (let i = 0; i < attempts; i++) {
      const attempt = this.deliveries.filter((d) => d.updateId === update.update_id).length + 1;
      const d = await postUpdate(hook, update, attempt, this.behaviour.timeoutMs ?? 10_000);
      this.deliveries.push(d);
      if (d.status !== null && d.status >= 200 && d.status < 300) return 'ok';
      this.lastError = { date: Math.floor(Date.now() / 1000), message: deliveryError(d) };
      if (i === attempts - 1 || this.closed) return 'failed';
      await this.sleep(delays[i]);
      if (this.webhook !== hook) return 'webhook-changed';
    }
    return 'failed';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sleeping.delete(t);
        resolve();
      }, ms);
      this.sleeping.set(t, resolve);
    });
  }

  private notifyIdle(): void {
    if (this.pending.length > 0 || this.delivering) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
