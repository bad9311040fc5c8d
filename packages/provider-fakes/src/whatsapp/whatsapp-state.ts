import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { FakeWhatsAppTemplate } from './fake-template.js';
import type { FakeWhatsAppOptions } from './fake-whatsapp-options.js';
import { newGraphId } from './ids.js';
import type { WhatsAppInboundResult } from './customer-message.js';
import type { WhatsAppInjectedFailure } from './injected-failure.js';
import type { WhatsAppRecordedRequest } from './recorded-request.js';
import type { WhatsAppSentMessage } from './sent-message.js';
import type { WhatsAppWebhookBehaviour } from './webhook-behaviour.js';

/** A WhatsApp user the fake knows: by phone (wa_id), by business-scoped id, or both. */
export interface Customer {
  waId: string | null;
  userId: string | null;
  name: string | null;
  /** When they last wrote to the business: their 24-hour window runs from then. */
  lastMessageAt: number | null;
}

/** A file uploaded by the business or sent by a customer, downloadable with the token. */
export interface StoredMedia {
  id: string;
  mimeType: string;
  bytes: Buffer;
  sha256: string;
  filename: string | null;
}

/** A sent message as the fake keeps it. */
export type StoredMessage = Omit<WhatsAppSentMessage, 'requestCount'> & { contentKey: string };

/** Everything a running fake knows; the HTTP handlers and the public API both work on it. */
export class WhatsAppState {
  readonly events = new EventEmitter<{ message: [StoredMessage] }>();
  readonly accessTokens: Set<string>;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly businessAccountId: string;
  /** Signs media download URLs, so that only URLs the fake handed out work. */
  readonly urlSecret = randomBytes(16).toString('hex');
  webhookUrl: string | null;
  webhookBehaviour: WhatsAppWebhookBehaviour;
  readReceipts: boolean;
  templates: (FakeWhatsAppTemplate & { id: string })[];
  readonly customers: Customer[] = [];
  readonly messages: StoredMessage[] = [];
  readonly media = new Map<string, StoredMedia>();
  readonly requests: WhatsAppRecordedRequest[] = [];
  readonly requestCounts = new Map<string, number>();
  readonly inbound: WhatsAppInboundResult[] = [];
  readonly failures: WhatsAppInjectedFailure[] = [];
  /** Customers (wa_id or user id) whose messages are accepted and then fail with this code. */
  readonly deliveryFailures = new Map<string, number>();

  constructor(private readonly options: FakeWhatsAppOptions) {
    const tokens = options.accessTokens ?? [randomBytes(24).toString('base64url')];
    if (tokens.length === 0) throw new Error('FakeWhatsApp needs at least one access token');
    this.accessTokens = new Set(tokens);
    this.appSecret = options.appSecret ?? randomBytes(16).toString('hex');
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.displayPhoneNumber = options.displayPhoneNumber ?? '15550783881';
    this.businessAccountId = options.businessAccountId ?? '102290129340398';
    for (const [name, id] of [
      ['phoneNumberId', this.phoneNumberId],
      ['businessAccountId', this.businessAccountId],
    ])
      if (!/^\d{1,20}$/.test(id)) throw new Error(`FakeWhatsApp: ${name} is digits, got ${id}`);
    this.webhookUrl = options.webhookUrl ?? null;
    this.webhookBehaviour = { ...options.webhooks };
    this.readReceipts = options.readReceipts ?? true;
    this.templates = withIds(options.templates ?? []);
  }

  /** Forget what happened; settings go back to the options the fake started with. */
  reset(): void {
    this.customers.length = 0;
    this.messages.length = 0;
    this.media.clear();
    this.requests.length = 0;
    this.requestCounts.clear();
    this.inbound.length = 0;
    this.failures.length = 0;
    this.deliveryFailures.clear();
    this.webhookBehaviour = { ...this.options.webhooks };
    this.readReceipts = this.options.readReceipts ?? true;
    this.templates = withIds(this.options.templates ?? []);
  }

  /** The customer with this wa_id or business-scoped id (either may name them). */
  customer(id: { waId?: string | null; userId?: string | null }): Customer | undefined {
    return this.customers.find(
      (c) => (id.waId && c.waId === id.waId) || (id.userId && c.userId === id.userId),
    );
  }

  /** The customer, known from now on (a wa_id and a user id given together are one person). */
  customerOrNew(id: { waId?: string | null; userId?: string | null }): Customer {
    const known = this.customer(id);
    if (known) {
      known.waId ??= id.waId ?? null;
      known.userId ??= id.userId ?? null;
      return known;
    }
    const created: Customer = {
      waId: id.waId ?? null,
      userId: id.userId ?? null,
      name: null,
      lastMessageAt: null,
    };
    this.customers.push(created);
    return created;
  }

  snapshot(message: StoredMessage): WhatsAppSentMessage {
    const { contentKey, ...rest } = message;
    return {
      ...rest,
      template: rest.template && { ...rest.template, parameters: [...rest.template.parameters] },
      media: rest.media && { ...rest.media },
      requestCount: this.requestCounts.get(contentKey) ?? 0,
    };
  }
}

function withIds(
  templates: readonly FakeWhatsAppTemplate[],
): (FakeWhatsAppTemplate & { id: string })[] {
  return templates.map((t) => ({ ...t, id: t.id ?? newGraphId() }));
}
