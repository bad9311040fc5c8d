import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { FakeMessengerOptions, MessengerSendBehaviour } from './fake-messenger-options.js';
import { newThreadId, numericId } from './ids.js';
import type { MessengerInjectedFailure } from './injected-failure.js';
import { personOf, type MessengerPerson, type MessengerPersonInput } from './messenger-person.js';
import type { MessengerRecordedRequest } from './recorded-request.js';
import type { MessengerSentAttachment, MessengerSentMessage } from './sent-message.js';

/** A message the fake accepted, as it keeps it. */
export interface StoredSentMessage extends Omit<MessengerSentMessage, 'requestCount'> {
  contentKey: string;
  delivered: boolean;
  read: boolean;
}

/** A customer's message, kept for the Conversations API. */
export interface StoredCustomerMessage {
  mid: string;
  personId: string;
  text: string | null;
  attachments: { type: string; filename: string; contentType: string; size: number; url: string }[];
  timestamp: Date;
}

/** An attachment uploaded through the Attachment Upload API (`message_attachments`). */
export type StoredUpload = Omit<MessengerSentAttachment, 'source'>;

/** Everything a running fake knows; the HTTP handlers and the public API both work on it. */
export class MessengerState {
  readonly pageId: string;
  readonly instagramId: string;
  readonly pageToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly events = new EventEmitter<{ message: [StoredSentMessage] }>();
  readonly people = new Map<string, MessengerPerson>();
  readonly threads = new Map<string, string>();
  readonly sent: StoredSentMessage[] = [];
  readonly received: StoredCustomerMessage[] = [];
  readonly requests: MessengerRecordedRequest[] = [];
  readonly requestCounts = new Map<string, number>();
  readonly failures: MessengerInjectedFailure[] = [];
  readonly uploads = new Map<string, StoredUpload>();
  humanAgent: boolean;
  sendBehaviour: MessengerSendBehaviour;

  constructor(private readonly options: FakeMessengerOptions) {
    this.pageId = options.pageId ?? numericId(15);
    this.instagramId = options.instagramId ?? numericId(17);
    this.pageToken = options.pageToken ?? `EAAG${randomBytes(24).toString('base64url')}`;
    this.appSecret = options.appSecret ?? randomBytes(16).toString('hex');
    this.verifyToken = options.verifyToken ?? randomBytes(12).toString('hex');
    this.humanAgent = options.humanAgent ?? false;
    this.sendBehaviour = { ...options.send };
    for (const p of options.people ?? []) this.addPerson(p);
  }

  addPerson(input: MessengerPersonInput): MessengerPerson {
    const platform = input.platform ?? 'messenger';
    const id = input.id ?? numericId(platform === 'messenger' ? 16 : 17);
    if (this.people.has(id)) throw new Error(`FakeMessenger: a person ${id} exists already`);
    const person = personOf(input, id);
    this.people.set(id, person);
    this.threads.set(id, newThreadId());
    return person;
  }

  person(id: string): MessengerPerson {
    const person = this.people.get(id);
    if (!person) throw new Error(`FakeMessenger: no person ${id} (addPerson first)`);
    return person;
  }

  /** The Page (Messenger) or the Instagram account (Instagram) a person writes to. */
  accountOf(person: MessengerPerson): string {
    return person.platform === 'messenger' ? this.pageId : this.instagramId;
  }

  snapshot(m: StoredSentMessage): MessengerSentMessage {
    return {
      mid: m.mid,
      platform: m.platform,
      recipientId: m.recipientId,
      messagingType: m.messagingType,
      tag: m.tag,
      text: m.text,
      attachment: m.attachment,
      metadata: m.metadata,
      timestamp: m.timestamp,
      requestCount: this.requestCounts.get(m.contentKey) ?? 0,
    };
  }

  /** Forget what happened; people are kept, their windows closed; settings back to the options. */
  reset(): void {
    this.sent.length = 0;
    this.received.length = 0;
    this.requests.length = 0;
    this.requestCounts.clear();
    this.failures.length = 0;
    this.uploads.clear();
    for (const p of this.people.values()) p.lastMessageAt = null;
    this.humanAgent = this.options.humanAgent ?? false;
    this.sendBehaviour = { ...this.options.send };
  }
}
