/** Settings of `pnpm bench:social`, from the environment (the header of social.bench.ts lists them). */
import { namesOf, oneOf, positive, settings as shared } from './settings.js';
import { SOCIAL_PROVIDERS } from './social-providers.js';

export const socialSettings = {
  /** The social plugins measured, one after the other, each against its own fake provider. */
  plugins: namesOf(
    'BENCH_SOCIAL_PLUGINS',
    Object.keys(SOCIAL_PROVIDERS),
    'whatsapp,messenger,telegram',
  ),
  /** Customers' messages delivered, and replies sent, in each measured run (and raw round). */
  messages: positive('BENCH_SOCIAL_MESSAGES', 5_000),
  /** Webhook deliveries in flight (the provider delivers to several connections at once). */
  concurrency: positive('BENCH_SOCIAL_CONCURRENCY', 32),
  /** Messages delivered, and replies sent, before measuring, in each run. */
  warmup: positive('BENCH_SOCIAL_WARMUP', 200, true),
  /** Agent replies per case (a case's events are handled one after the other). */
  repliesPerCase: positive('BENCH_SOCIAL_REPLIES_PER_CASE', 5),
  /** Raw baseline rounds, intake and outbound; the median counts. */
  rawRounds: positive('BENCH_SOCIAL_RAW_ROUNDS', 3),
  /**
   * Sends the raw outbound baseline keeps in flight. Default: as many as the plugin handles
   * events at once (its definition's delivery.concurrency, else the SDK's 32).
   */
  rawConcurrency: positive('BENCH_SOCIAL_RAW_CONCURRENCY', 0, true),
  /**
   * Where the provider's status webhooks go in the plugin's outbound run: `off` (default: the
   * fake's process answers them itself, in both runs, so the plugin only sends) or `plugin` (to
   * the plugin's webhook, as the provider does: the plugin also verifies them and reports
   * `delivered`, work the raw baseline does not have).
   */
  callbacks: oneOf('BENCH_SOCIAL_CALLBACKS', ['off', 'plugin'] as const, 'off'),
  natsUrl: shared.natsUrl,
};

/** The plugin's messages/s over the raw baseline's (same fake, same run), intake and outbound. */
export const SOCIAL_TARGETS = { ratio: 0.8 };
