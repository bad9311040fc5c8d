import { EventEmitter } from 'node:events';
import type { CallbackBehaviour } from './callback-behaviour.js';
import type { DeliveryFailure } from './delivery-failure.js';
import type { FakeTwilioAccount, FakeTwilioOptions } from './fake-twilio-options.js';
import type { InboundResult } from './inbound-message.js';
import type { InjectedFailure } from './injected-failure.js';
import type { MessageStatus } from './message-status.js';
import type { RecordedRequest } from './recorded-request.js';
import type { SentMessage } from './sent-message.js';
import { newSid } from './sid.js';

/** A message as the fake keeps it. */
export interface StoredMessage extends Omit<SentMessage, 'requestCount'> {
  /** `From` as the request gave it (null when a Messaging Service picks the sender). */
  requestedFrom: string | null;
  initialStatus: 'accepted' | 'queued';
  dateUpdated: Date;
  dateSent: Date | null;
  contentKey: string;
}

/** Media an inbound MMS carries, served to whoever authenticates as its account. */
export interface StoredMedia {
  sid: string;
  accountSid: string;
  messageSid: string;
  contentType: string;
  bytes: Buffer;
  dateCreated: Date;
}

/** Everything a running fake knows; the HTTP handlers and the public API both work on it. */
export class TwilioState {
  readonly accounts: ReadonlyMap<string, FakeTwilioAccount>;
  readonly events = new EventEmitter<{ message: [StoredMessage] }>();
  readonly messages: StoredMessage[] = [];
  readonly media = new Map<string, StoredMedia>();
  readonly requests: RecordedRequest[] = [];
  readonly requestCounts = new Map<string, number>();
  readonly inbound: InboundResult[] = [];
  readonly failures: InjectedFailure[] = [];
  readonly optedOut: Set<string>;
  readonly landlines: Set<string>;
  readonly deliveryFailures: Map<string, DeliveryFailure>;
  callbackBehaviour: CallbackBehaviour;
  readonly advancedOptOut: boolean;
  private readonly initialOptedOut: readonly string[];
  private readonly initialLandlines: readonly string[];

  constructor(private readonly options: FakeTwilioOptions) {
    const accounts = options.accounts ?? [{ sid: newSid('AC'), authToken: newSid('') }];
    if (accounts.length === 0) throw new Error('FakeTwilio needs at least one account');
    for (const account of accounts) {
      if (!account.sid.startsWith('AC')) {
        throw new Error(`FakeTwilio: an account SID starts with AC, got ${account.sid}`);
      }
    }
    this.accounts = new Map(accounts.map((a) => [a.sid, a]));
    this.initialOptedOut = [...(options.optedOut ?? [])];
    this.initialLandlines = [...(options.landlines ?? [])];
    this.optedOut = new Set(this.initialOptedOut);
    this.landlines = new Set(this.initialLandlines);
    this.deliveryFailures = new Map(
      Object.entries(options.deliveryFailures ?? {}).map(([n, f]) => [n, deliveryFailure(f)]),
    );
    this.callbackBehaviour = { ...options.callbacks };
    this.advancedOptOut = options.advancedOptOut ?? true;
  }

  /** Forget what happened; configuration goes back to the options the fake started with. */
  reset(): void {
    this.messages.length = 0;
    this.media.clear();
    this.requests.length = 0;
    this.requestCounts.clear();
    this.inbound.length = 0;
    this.failures.length = 0;
    replace(this.optedOut, this.initialOptedOut);
    replace(this.landlines, this.initialLandlines);
    this.deliveryFailures.clear();
    for (const [n, f] of Object.entries(this.options.deliveryFailures ?? {})) {
      this.deliveryFailures.set(n, deliveryFailure(f));
    }
    this.callbackBehaviour = { ...this.options.callbacks };
  }

  snapshot(message: StoredMessage): SentMessage {
    return {
      sid: message.sid,
      accountSid: message.accountSid,
      to: message.to,
      from: message.from,
      messagingServiceSid: message.messagingServiceSid,
      body: message.body,
      segments: message.segments,
      encoding: message.encoding,
      mediaUrls: [...message.mediaUrls],
      statusCallback: message.statusCallback,
      status: message.status,
      errorCode: message.errorCode,
      dateCreated: message.dateCreated,
      requestCount: this.requestCounts.get(message.contentKey) ?? 0,
      params: { ...message.params },
    };
  }

  setStatus(message: StoredMessage, status: MessageStatus, errorCode?: number): void {
    message.status = status;
    message.dateUpdated = new Date();
    if (status === 'sent' || status === 'delivered' || status === 'undelivered') {
      message.dateSent ??= message.dateUpdated;
    }
    if (errorCode !== undefined) message.errorCode = errorCode;
  }
}

export function deliveryFailure(failure: number | DeliveryFailure): DeliveryFailure {
  return typeof failure === 'number' ? { errorCode: failure } : failure;
}

function replace(set: Set<string>, values: readonly string[]): void {
  set.clear();
  for (const value of values) set.add(value);
}
