import type { CallbackBehaviour } from './callback-behaviour.js';
import type { DeliveryFailure } from './delivery-failure.js';

/** A Twilio account the fake knows: API requests must authenticate as one of these. */
export interface FakeTwilioAccount {
  /** `AC` + 32 hex digits (the official SDK refuses a SID that does not start with `AC`). */
  sid: string;
  authToken: string;
  /**
   * The account's phone numbers. When given, a `From` number outside this list is refused with
   * 21606, as Twilio refuses a sender the account does not own; the first one is the sender a
   * Messaging Service picks when a request has no `From`.
   */
  phoneNumbers?: readonly string[];
}

/** How to start a {@link FakeTwilio}. Everything can also be changed later on the running fake. */
export interface FakeTwilioOptions {
  /** Accounts API requests may use. Default: one account with a random SID and token. */
  accounts?: readonly FakeTwilioAccount[];
  /** Port on 127.0.0.1. Default 0: a free port, read it from `fake.url`. */
  port?: number;
  /** Numbers that are landlines: sending to them is refused with 21614. */
  landlines?: Iterable<string>;
  /** Numbers that replied STOP before the test began: sending to them is refused with 21610. */
  optedOut?: Iterable<string>;
  /**
   * Numbers whose messages are accepted but never arrive: their status callbacks end in
   * `undelivered` (or `failed`) with this `ErrorCode` (30003, 30005, 30006, 30007, …).
   */
  deliveryFailures?: Readonly<Record<string, number | DeliveryFailure>>;
  /** How status callbacks travel: late, twice, out of order. Default: once each, in order. */
  callbacks?: CallbackBehaviour;
  /**
   * Add `OptOutType` to inbound keyword messages, as Twilio does for a number in a Messaging
   * Service with Advanced Opt-Out. Default true. Opting out and back in happens either way.
   */
  advancedOptOut?: boolean;
}
