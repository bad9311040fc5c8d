import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WhatsAppCustomerMessage, WhatsAppInboundResult } from './customer-message.js';
import { SERVICE_WINDOW_MS, windowOpen } from './customer-window.js';
import type { FakeWhatsAppTemplate } from './fake-template.js';
import type { FakeWhatsAppOptions } from './fake-whatsapp-options.js';
import { GraphApi } from './graph-api.js';
import { inboundPayload } from './inbound-payload.js';
import type { WhatsAppInjectedFailure } from './injected-failure.js';
import type { WhatsAppRecordedRequest } from './recorded-request.js';
import type { WhatsAppSentMessage } from './sent-message.js';
import { verifyWebhook, type WhatsAppHandshakeResult } from './verify-webhook.js';
import type { WhatsAppWebhookBehaviour } from './webhook-behaviour.js';
import type { WhatsAppWebhookDelivery } from './webhook-delivery.js';
import { Webhooks } from './webhooks.js';
import { WhatsAppState, type StoredMessage } from './whatsapp-state.js';
import { newGraphId } from './ids.js';
import { waitForMatch } from '../shared/wait-for-match.js';

/** A customer, named by phone (`waId`) or business-scoped user id (`userId`). */
export type WhatsAppCustomerRef =
  { waId: string; userId?: string } | { waId?: string; userId: string };

/**
 * A local server that speaks the WhatsApp Cloud API (Graph) as Meta documents it: bearer tokens,
 * Graph's error envelope (`error.code`, `error_subcode`, `fbtrace_id`), sending text, media and
 * templates, media upload and download (URLs that need the token), the business account's
 * templates, the 24-hour customer service window per customer (131047 in a status webhook),
 * and signed webhooks (`X-Hub-Signature-256`) for statuses and customers' messages — late,
 * twice, out of order and retried when asked. A fake, not Meta: see the package README for
 * what it leaves out.
 *
 * ```ts
 * const wa = await FakeWhatsApp.start({ accessTokens: [token], appSecret, webhookUrl });
 * // give the plugin WHATSAPP_API_URL=wa.url, WHATSAPP_TOKEN=token, WHATSAPP_APP_SECRET=appSecret
 * await wa.sendInbound({ waId: '15551234567', name: 'Zoë', text: 'Grüß Gott!' });
 * const reply = await wa.waitForMessage((m) => m.waId === '15551234567');
 * await wa.close();
 * ```
 */
export class FakeWhatsApp {
  private constructor(
    private readonly server: Server,
    private readonly state: WhatsAppState,
    private readonly webhooks: Webhooks,
    /** Base URL of the fake's Graph API, e.g. `http://127.0.0.1:41234`: the plugin's `WHATSAPP_API_URL`. */
    readonly url: string,
  ) {}

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
    const state = new WhatsAppState(options);
    const webhooks = new Webhooks(state);
    const api = new GraphApi(state, webhooks);
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
    api.baseUrl = `http://127.0.0.1:${port}`;
    return new FakeWhatsApp(server, state, webhooks, api.baseUrl);
  }

  /** Tokens Graph accepts. */
  get accessTokens(): readonly string[] {
    return [...this.state.accessTokens];
  }

  /** The first token: what to give the plugin as `WHATSAPP_TOKEN`. */
  get accessToken(): string {
    return this.accessTokens[0];
  }

  /** The app secret webhooks are signed with. */
  get appSecret(): string {
    return this.state.appSecret;
  }

  get phoneNumberId(): string {
    return this.state.phoneNumberId;
  }

  get displayPhoneNumber(): string {
    return this.state.displayPhoneNumber;
  }

  get businessAccountId(): string {
    return this.state.businessAccountId;
  }

  /** Where webhooks go from now on (the callback URL configured in the Meta app). */
  setWebhook(url: string | null): void {
    this.state.webhookUrl = url;
  }

  /** How webhooks travel from now on (replaces the current behaviour). */
  setWebhookBehaviour(behaviour: WhatsAppWebhookBehaviour): void {
    this.state.webhookBehaviour = { ...behaviour };
  }

  /** Meta's `GET` subscription handshake against `url` (default: the webhook URL). */
  verifyWebhook(
    verifyToken: string,
    url = this.state.webhookUrl,
    challenge?: string,
  ): Promise<WhatsAppHandshakeResult> {
    if (!url) throw new Error('FakeWhatsApp: no webhook URL (setWebhook first)');
    return verifyWebhook(url, verifyToken, challenge);
  }

  /** Every message Graph accepted, oldest first. */
  get sent(): WhatsAppSentMessage[] {
    return this.state.messages.map((m) => this.state.snapshot(m));
  }

  /** The messages a customer received (by wa_id or business-scoped user id), oldest first. */
  messagesTo(customer: string): WhatsAppSentMessage[] {
    const known = this.state.customer({ waId: customer, userId: customer });
    return this.sent.filter(
      (m) =>
        m.waId === customer ||
        m.userId === customer ||
        (known !== undefined &&
          ((known.waId !== null && m.waId === known.waId) ||
            (known.userId !== null && m.userId === known.userId))),
    );
  }

  /**
   * The first accepted message that matches — one already sent, or the next to arrive. Rejects
   * after `timeoutMs` naming what was sent instead.
   */
  waitForMessage(
    predicate: (message: WhatsAppSentMessage) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<WhatsAppSentMessage> {
    return waitForMatch(
      {
        fake: 'FakeWhatsApp',
        current: () => this.sent,
        events: this.state.events,
        event: 'message',
        view: (stored: StoredMessage) => this.state.snapshot(stored),
        describe: (m) =>
          `${m.input}: ${m.type} ${JSON.stringify(m.text ?? m.template ?? m.media?.caption)}`,
      },
      predicate,
      timeoutMs,
    );
  }

  /** Every Graph request received, with the status answered. */
  get requests(): WhatsAppRecordedRequest[] {
    return [...this.state.requests];
  }

  /** Webhooks delivered so far (every attempt), in the order the plugin answered them. */
  get deliveries(): WhatsAppWebhookDelivery[] {
    return [...this.webhooks.deliveries];
  }

  /** Every customer message sent to the webhook, with the first answer. */
  get inbound(): WhatsAppInboundResult[] {
    return [...this.state.inbound];
  }

  /** Resolves once every webhook dispatched so far has been answered 200 or given up on. */
  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  /**
   * The customer writes to the business: POSTs the messages webhook (signed unless asked not
   * to) and returns the first answer. A genuine message opens their 24-hour window from `at`.
   */
  async sendInbound(message: WhatsAppCustomerMessage): Promise<WhatsAppInboundResult> {
    if (!this.state.webhookUrl) throw new Error('FakeWhatsApp: no webhook URL (setWebhook first)');
    const signWith = message.signWith ?? 'valid';
    const { id, mediaId, payload } = inboundPayload(this.state, message, signWith === 'valid');
    const [first] = await this.webhooks.dispatch(
      [{ kind: 'message', messageId: id, status: null, payload, signWith }],
      this.state.webhookBehaviour,
    );
    const result: WhatsAppInboundResult = {
      id,
      mediaId,
      payload,
      signature: first.signature,
      status: first.httpStatus,
      body: first.responseBody,
    };
    this.state.inbound.push(result);
    return result;
  }

  /** Whether free-form messages reach this customer now (they wrote within 24 hours). */
  windowOpen(customer: WhatsAppCustomerRef): boolean {
    return windowOpen(this.state.customer(customer)?.lastMessageAt ?? null, Date.now());
  }

  /** The customer last wrote more than 24 hours ago: free-form messages to them fail with 131047. */
  expireWindow(customer: WhatsAppCustomerRef): void {
    const known = this.state.customerOrNew(customer);
    known.lastMessageAt = Date.now() - SERVICE_WINDOW_MS - 60_000;
  }

  /**
   * Messages to this customer (wa_id or user id) are accepted, then fail in their status webhook
   * with `code` (131026 "Message undeliverable" by default); `null` makes them reachable again.
   */
  failDeliveryTo(customer: string, code: number | null = 131026): void {
    if (code === null) this.state.deliveryFailures.delete(customer);
    else this.state.deliveryFailures.set(customer, code);
  }

  /** The next `count` sends are refused, e.g. `failNext(1, { code: 130429 })`. */
  failNext(count: number, failure: WhatsAppInjectedFailure): void {
    for (let i = 0; i < count; i++) this.state.failures.push({ ...failure });
  }

  /** Customers have read receipts on (a `read` status follows `delivered`), or not. */
  setReadReceipts(on: boolean): void {
    this.state.readReceipts = on;
  }

  /** The business account's templates. */
  get templates(): (FakeWhatsAppTemplate & { id: string })[] {
    return this.state.templates.map((t) => ({ ...t }));
  }

  /** Adds a template (or replaces the one with the same name and language). */
  addTemplate(template: FakeWhatsAppTemplate): void {
    const t = { ...template, id: template.id ?? newGraphId() };
    this.state.templates = [
      ...this.state.templates.filter((x) => x.name !== t.name || x.language !== t.language),
      t,
    ];
  }

  /** Forgets messages, customers, media, requests, deliveries, failures; templates back to the start options. */
  reset(): void {
    this.state.reset();
    this.webhooks.clear();
  }

  /** Stops the server; webhooks not yet delivered are dropped. */
  async close(): Promise<void> {
    this.webhooks.close();
    await this.webhooks.settled().catch(() => undefined);
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
