import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessengerCdn } from './cdn.js';
import type { MessengerCustomerMessage } from './customer-message.js';
import type { FakeMessengerOptions, MessengerSendBehaviour } from './fake-messenger-options.js';
import { GraphApi } from './graph-api.js';
import { verifyWebhook, type MessengerHandshakeResult } from './handshake.js';
import type { MessengerInjectedFailure } from './injected-failure.js';
import type { MessengerPerson, MessengerPersonInput } from './messenger-person.js';
import { MessengerState, type StoredSentMessage } from './messenger-state.js';
import type { MessengerRecordedRequest } from './recorded-request.js';
import type { MessengerSentMessage } from './sent-message.js';
import type {
  MessengerPostOptions,
  MessengerWebhookBehaviour,
  MessengerWebhookDelivery,
} from './webhook-delivery.js';
import {
  customerMessageEvent,
  deliveryEvent,
  echoEvent,
  readEvent,
  type MessengerPreparedEvent,
} from './webhook-events.js';
import { MessengerWebhooks } from './webhooks.js';
import { waitForMatch } from '../shared/wait-for-match.js';

/** A person's message as posted: its mid, the event, and the webhook POSTs that carried it. */
export interface MessengerInboundResult {
  mid: string;
  event: MessengerPreparedEvent;
  deliveries: MessengerWebhookDelivery[];
}

/**
 * A local server that speaks the Messenger Platform's Send API and Instagram messaging through
 * the Graph API, as Meta documents them, for one Facebook Page and its connected Instagram
 * professional account: the Page access token, Graph's error envelope and codes (190, 100,
 * 10 outside the windows, 551, 4/613 rate limits), the 24-hour and HUMAN_AGENT windows per
 * person, the User Profile and Conversations APIs, attachments by upload or URL, and the
 * people's side: their messages, deliveries and reads POSTed to the plugin's webhook, signed
 * with `X-Hub-Signature-256`, batched, late, twice or out of order when asked, retried until
 * answered 200. A fake, not Meta: see the package README for what it leaves out.
 *
 * ```ts
 * const meta = await FakeMessenger.start({ webhookUrl: `${pluginUrl}/messenger/webhook` });
 * const ann = meta.addPerson({ firstName: 'Ann', lastName: 'Lee' });
 * await meta.customerWrites(ann, { text: 'Où est ma commande ?' });
 * const reply = await meta.waitForMessage((m) => m.recipientId === ann.id);
 * ```
 */
export class FakeMessenger {
  private constructor(
    private readonly server: Server,
    private readonly state: MessengerState,
    private readonly cdn: MessengerCdn,
    private readonly webhooksOut: MessengerWebhooks,
    /** Base URL of the fake's Graph API, e.g. `http://127.0.0.1:41234`: `MESSENGER_API_URL`. */
    readonly url: string,
  ) {}

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeMessengerOptions = {}): Promise<FakeMessenger> {
    const state = new MessengerState(options);
    let base = '';
    const cdn = new MessengerCdn(() => base);
    const webhooks = new MessengerWebhooks(state, options.webhookUrl, options.webhooks);
    const afterSend = (m: StoredSentMessage) => void followUps(state, webhooks, m);
    const api = new GraphApi(state, cdn, afterSend);
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
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new FakeMessenger(server, state, cdn, webhooks, base);
  }

  /** The Facebook Page's id (`MESSENGER_PAGE_ID`). */
  get pageId(): string {
    return this.state.pageId;
  }

  /** The connected Instagram professional account's id (`MESSENGER_INSTAGRAM_ID`). */
  get instagramId(): string {
    return this.state.instagramId;
  }

  /** The Page access token requests must carry (`MESSENGER_PAGE_TOKEN`). */
  get pageToken(): string {
    return this.state.pageToken;
  }

  /** The app secret webhooks are signed with (`MESSENGER_APP_SECRET`). */
  get appSecret(): string {
    return this.state.appSecret;
  }

  /** The verify token of the subscription handshake (`MESSENGER_VERIFY_TOKEN`). */
  get verifyToken(): string {
    return this.state.verifyToken;
  }

  /** Where webhooks go from now on. */
  subscribe(webhookUrl: string): void {
    this.webhooksOut.target = webhookUrl;
  }

  /** Someone who will write to the Page (Messenger) or to the Instagram account. */
  addPerson(input: MessengerPersonInput = {}): MessengerPerson {
    return { ...this.state.addPerson(input) };
  }

  /** Sends to this person fail with 551 (or succeed again with `false`). */
  setUnavailable(person: MessengerPerson | string, unavailable = true): void {
    this.state.person(idOf(person)).unavailable = unavailable;
  }

  /** Grant (or withdraw) the Human Agent permission: HUMAN_AGENT tags up to 7 days. */
  grantHumanAgent(granted = true): void {
    this.state.humanAgent = granted;
  }

  /** When the person last wrote: the start of their windows (null: never). */
  lastMessageAt(person: MessengerPerson | string): Date | null {
    return this.state.person(idOf(person)).lastMessageAt;
  }

  /**
   * The person writes: their message is POSTed to the webhook (and retried until answered 200),
   * e.g. `customerWrites(ann, { text: 'Grüße 👋', attachments: [{ type: 'image', bytes }] })`.
   */
  async customerWrites(
    person: MessengerPerson | string,
    message: MessengerCustomerMessage,
    options?: MessengerPostOptions,
  ): Promise<MessengerInboundResult> {
    const event = this.message(person, message);
    const deliveries = await this.post([event], options);
    return { mid: event.mids[0], event, deliveries };
  }

  /**
   * The person's message as an event, not yet posted: give several to `post` for one batched
   * webhook, in whatever order (the person's windows open at once).
   */
  message(
    person: MessengerPerson | string,
    message: MessengerCustomerMessage,
  ): MessengerPreparedEvent {
    return customerMessageEvent(this.state, this.cdn, this.state.person(idOf(person)), message);
  }

  /** POSTs events as one batched webhook (one entry each, in the order given). */
  post(
    events: readonly MessengerPreparedEvent[],
    options?: MessengerPostOptions,
  ): Promise<MessengerWebhookDelivery[]> {
    return this.webhooksOut.post(events, options);
  }

  /**
   * The person's Messenger received the messages sent to them (up to the mid `upTo`): a
   * delivery event with their mids and watermark. Null when nothing new was delivered.
   */
  async markDelivered(
    person: MessengerPerson | string,
    options: MessengerPostOptions & { upTo?: string } = {},
  ): Promise<MessengerWebhookDelivery[] | null> {
    const event = deliveryEvent(this.state, this.state.person(idOf(person)), options.upTo);
    return event ? this.post([event], options) : null;
  }

  /** The person read the messages sent to them (up to `upTo`): a read (seen) event. */
  async markRead(
    person: MessengerPerson | string,
    options: MessengerPostOptions & { upTo?: string } = {},
  ): Promise<MessengerWebhookDelivery[] | null> {
    const event = readEvent(this.state, this.state.person(idOf(person)), options.upTo);
    return event ? this.post([event], options) : null;
  }

  /** Meta's GET handshake against `url` (the verify token the fake knows unless given). */
  verifyWebhook(
    url: string,
    options: { verifyToken?: string; challenge?: string; mode?: string } = {},
  ): Promise<MessengerHandshakeResult> {
    return verifyWebhook(
      url,
      options.verifyToken ?? this.state.verifyToken,
      options.challenge ?? String(randomInt(1e9, 2e9)),
      options.mode,
    );
  }

  /** A file served at a public URL (to send by URL, as Meta fetches it). */
  hostFile(bytes: Uint8Array | string, contentType: string, filename: string): string {
    return this.cdn.host(bytes, contentType, filename);
  }

  /** Every message accepted so far, oldest first. */
  get sent(): MessengerSentMessage[] {
    return this.state.sent.map((m) => this.state.snapshot(m));
  }

  /** The messages a person received, oldest first. */
  messagesTo(person: MessengerPerson | string): MessengerSentMessage[] {
    const id = idOf(person);
    return this.sent.filter((m) => m.recipientId === id);
  }

  /**
   * The first accepted message that matches — one already sent, or the next to arrive. Rejects
   * after `timeoutMs` naming what was sent instead.
   */
  waitForMessage(
    predicate: (message: MessengerSentMessage) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<MessengerSentMessage> {
    return waitForMatch(
      {
        fake: 'FakeMessenger',
        current: () => this.sent,
        events: this.state.events,
        event: 'message',
        view: (stored: StoredSentMessage) => this.state.snapshot(stored),
        describe: (m) => `${m.recipientId}: ${JSON.stringify(m.text ?? m.attachment?.filename)}`,
      },
      predicate,
      timeoutMs,
    );
  }

  /** Every API request received, with what was answered. */
  get requests(): MessengerRecordedRequest[] {
    return [...this.state.requests];
  }

  /** Every webhook POST made so far, with the plugin's answers. */
  get webhooks(): MessengerWebhookDelivery[] {
    return [...this.webhooksOut.deliveries];
  }

  /** Resolves once every webhook started so far has been answered 200 or given up on. */
  webhooksSettled(): Promise<void> {
    return this.webhooksOut.settled();
  }

  /** How webhooks travel from now on (replaces the current behaviour). */
  setWebhookBehaviour(behaviour: MessengerWebhookBehaviour): void {
    this.webhooksOut.behaviour = { ...behaviour };
  }

  /** What follows each accepted send from now on (replaces the current behaviour). */
  setSendBehaviour(behaviour: MessengerSendBehaviour): void {
    this.state.sendBehaviour = { ...behaviour };
  }

  /**
   * The next `count` sends are refused with this failure, e.g. `failNext(1, { code: 613 })`
   * (rate limit) or `failNext(2, { code: 2 })` (Meta's own trouble).
   */
  failNext(count: number, failure: MessengerInjectedFailure): void {
    for (let i = 0; i < count; i++) this.state.failures.push({ ...failure });
  }

  /** Forgets messages, requests, webhooks and failures; people stay, their windows closed. */
  reset(): void {
    this.state.reset();
    this.webhooksOut.reset();
    this.cdn.clear();
  }

  /** Stops the server; webhooks not yet delivered are dropped. */
  async close(): Promise<void> {
    this.webhooksOut.close();
    await this.webhooksOut.settled();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

/** After an accepted send: its echo, then (as configured) its delivery and its read. */
async function followUps(
  state: MessengerState,
  webhooks: MessengerWebhooks,
  sent: StoredSentMessage,
): Promise<void> {
  if (!webhooks.target) return;
  const behaviour = state.sendBehaviour;
  const person = state.people.get(sent.recipientId);
  if (!person) return;
  try {
    if (behaviour.echoes ?? true) await webhooks.post([echoEvent(state, sent)]);
    if ((behaviour.autoDeliver ?? true) && person.platform === 'messenger') {
      const delivered = deliveryEvent(state, person, sent.mid);
      if (delivered) await webhooks.post([delivered]);
    }
    if (behaviour.autoRead) {
      const read = readEvent(state, person, sent.mid);
      if (read) await webhooks.post([read]);
    }
  } catch {
    // The fake is closing: what was not delivered is dropped.
  }
}

function idOf(person: MessengerPerson | string): string {
  return typeof person === 'string' ? person : person.id;
}
