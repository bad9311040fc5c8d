/** Settings of `pnpm bench:sms`, from the environment (the header of sms.bench.ts lists them). */
import { namesOf, oneOf, positive, settings as shared } from './settings.js';
import { SMS_PROVIDERS } from './sms-providers.js';

export const smsSettings = {
  /** The SMS plugins measured, one after the other, each against its own fake provider. */
  plugins: namesOf('BENCH_SMS_PLUGINS', Object.keys(SMS_PROVIDERS), 'sms-twilio,sms-smpp'),
  /** Messages sent in each measured run (the plugin's, and each raw round). */
  messages: positive('BENCH_SMS_MESSAGES', 5_000),
  /** Messages sent before measuring, by the plugin and by the raw baseline. */
  warmup: positive('BENCH_SMS_WARMUP', 200, true),
  /** Agent replies per case (a case's events are handled one after the other). */
  repliesPerCase: positive('BENCH_SMS_REPLIES_PER_CASE', 5),
  /** Raw baseline rounds; the median counts. */
  rawRounds: positive('BENCH_SMS_RAW_ROUNDS', 3),
  /**
   * Sends the raw baseline keeps in flight. Default: as many as the plugin handles events at
   * once (its definition's delivery.concurrency, else the SDK's 32).
   */
  rawConcurrency: positive('BENCH_SMS_RAW_CONCURRENCY', 0, true),
  /**
   * The SMPP plugin's window (SMPP_WINDOW: submits unanswered at once), and the raw SMPP
   * sender's; BENCH_SMS_RAW_CONCURRENCY does not apply to it. The plugin's default, 10.
   */
  smppWindow: positive('BENCH_SMS_SMPP_WINDOW', 10),
  /**
   * Where the provider's status callbacks go in the plugin run: `off` (default: the fake's
   * process answers them itself, in both runs, so the plugin only sends) or `plugin` (to the
   * plugin's webhook, as the provider does: the plugin also verifies them and reports
   * `delivered`, work the raw baseline does not have). SMPP: `off` sends no delivery receipts;
   * `plugin` sends a DELIVRD receipt per part in the plugin run, which the plugin matches and
   * reports `delivered`.
   */
  callbacks: oneOf('BENCH_SMS_CALLBACKS', ['off', 'plugin'] as const, 'off'),
  natsUrl: shared.natsUrl,
};

/** The plugin's messages/s over its provider client's alone (same fake, same run). */
export const SMS_TARGETS = { ratio: 0.8 };
