import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { CallbackBehaviour } from './callback-behaviour.js';
import type { CallbackDelivery } from './callback-delivery.js';
import type { DeliveryFailure } from './delivery-failure.js';
import type { FakeTwilioAccount, FakeTwilioOptions } from './fake-twilio-options.js';
import type { InboundMessage, InboundResult } from './inbound-message.js';
import { deliverInbound } from './inbound-webhook.js';
import type { InjectedFailure } from './injected-failure.js';
import type { RecordedRequest } from './recorded-request.js';
import { sdkHttpClient } from './sdk-http-client.js';
import type { SentMessage } from './sent-message.js';
import { StatusCallbacks } from './status-callbacks.js';
import { TwilioApi } from './twilio-api.js';
import { deliveryFailure, TwilioState, type StoredMessage } from './twilio-state.js';
import { waitForMatch } from '../shared/wait-for-match.js';

/**
 * A local server that speaks Twilio's documented Messaging API (REST 2010-04-01): Basic auth,
 * Twilio's error bodies and codes, 429 with `Retry-After`, signed status callbacks (late, twice,
 * out of order when asked), and the customer's "phone": what it received, and messages it sends
 * to the plugin's webhook. A fake, not Twilio: see the package README for what it leaves out.
 *
 * ```ts
 * const twilio = await FakeTwilio.start({ accounts: [{ sid, authToken }] });
 * // give the plugin TWILIO_API_URL=twilio.url, TWILIO_ACCOUNT_SID=sid, TWILIO_AUTH_TOKEN=authToken
 * const sms = await twilio.waitForMessage((m) => m.to === '+15558675310');
 * await twilio.close();
 * ```
 */
export class FakeTwilio {
  private constructor(
    private readonly server: Server,
    private readonly state: TwilioState,
    private readonly statusCallbacks: StatusCallbacks,
    /** Base URL of the fake's API, e.g. `http://127.0.0.1:41234`: the plugin's `TWILIO_API_URL`. */
    readonly url: string,
  ) {}

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
    const state = new TwilioState(options);
    const statusCallbacks = new StatusCallbacks();
    const api = new TwilioApi(state, statusCallbacks);
    const server = createServer((req, res) => {
      api.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeTwilio(server, state, statusCallbacks, `http://127.0.0.1:${port}`);
  }

  /** The accounts API requests may authenticate as (one random account unless given). */
  get accounts(): readonly FakeTwilioAccount[] {
    return [...this.state.accounts.values()];
  }

  /** Every message accepted so far, oldest first. */
  get sent(): SentMessage[] {
    return this.state.messages.map((m) => this.state.snapshot(m));
  }

  /** The messages a phone number received, oldest first. */
  messagesTo(number: string): SentMessage[] {
    return this.sent.filter((m) => m.to === number);
  }

  /**
   * The first accepted message that matches — one already sent, or the next to arrive. Rejects
   * after `timeoutMs` naming what was sent instead.
   */
  waitForMessage(
    predicate: (message: SentMessage) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<SentMessage> {
    return waitForMatch(
      {
        fake: 'FakeTwilio',
        current: () => this.sent,
        events: this.state.events,
        event: 'message',
        view: (stored: StoredMessage) => this.state.snapshot(stored),
        describe: (m) => `${m.to}: ${JSON.stringify(m.body)}`,
      },
      predicate,
      timeoutMs,
    );
  }

  /** Status callbacks delivered so far, in the order the plugin received them, with its answers. */
  get callbacks(): CallbackDelivery[] {
    return [...this.statusCallbacks.deliveries];
  }

  /** Resolves once every status callback scheduled so far has been delivered and answered. */
  callbacksSettled(): Promise<void> {
    return this.statusCallbacks.settled();
  }

  /** How callbacks of the messages sent from now on travel (replaces the current behaviour). */
  setCallbackBehaviour(behaviour: CallbackBehaviour): void {
    this.state.callbackBehaviour = { ...behaviour };
  }

  /** Every API request received, with the status answered. */
  get requests(): RecordedRequest[] {
    return [...this.state.requests];
  }

  /** Every inbound message the phone sent to a webhook, with the webhook's answer. */
  get inbound(): InboundResult[] {
    return [...this.state.inbound];
  }

  /**
   * The next `count` sends are refused with this failure, e.g.
   * `failNext(1, { status: 429, code: 20429, retryAfter: 1 })` or `failNext(2, { status: 503 })`.
   */
  failNext(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.state.failures.push({ ...failure });
  }

  /** The number has replied STOP: sends to it are refused with 21610. */
  optOut(number: string): void {
    this.state.optedOut.add(number);
  }

  /** The number has replied START. */
  optIn(number: string): void {
    this.state.optedOut.delete(number);
  }

  isOptedOut(number: string): boolean {
    return this.state.optedOut.has(number);
  }

  /** The number is a landline: sends to it are refused with 21614. */
  addLandline(number: string): void {
    this.state.landlines.add(number);
  }

  /**
   * Messages to the number are accepted but end `undelivered` (or `failed`) with this error
   * code in their callbacks; `null` makes them deliverable again.
   */
  failDeliveryTo(number: string, failure: number | DeliveryFailure | null): void {
    if (failure === null) this.state.deliveryFailures.delete(number);
    else this.state.deliveryFailures.set(number, deliveryFailure(failure));
  }

  /**
   * The phone sends a message: POSTs Twilio's incoming-message webhook to `message.to`, signed
   * (unless asked not to), and returns what the plugin answered. STOP/START keywords opt the
   * sender out and in, as Twilio does.
   */
  sendInbound(message: InboundMessage): Promise<InboundResult> {
    return deliverInbound(this.state, this.url, message);
  }

  /**
   * An `httpClient` for the official SDK that talks to this fake:
   * `twilio(sid, authToken, { httpClient: fake.sdkHttpClient() })`.
   */
  sdkHttpClient(options?: RequestClient.RequestClientOptions): RequestClient {
    return sdkHttpClient(this.url, options);
  }

  /** Forgets messages, requests, callbacks, injected failures; numbers go back to the start options. */
  reset(): void {
    this.state.reset();
    this.statusCallbacks.clear();
  }

  /** Stops the server; callbacks not yet delivered are dropped. */
  async close(): Promise<void> {
    this.statusCallbacks.close();
    await this.statusCallbacks.settled().catch(() => undefined);
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
