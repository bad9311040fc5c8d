/** Settings of `pnpm bench:email`, from the environment (docs/configuration.md lists them). */
import { positive, settings as shared } from './settings.js';

function oneOf<T extends string>(name: string, allowed: readonly T[], dflt: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!(allowed as readonly string[]).includes(raw))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${raw}`);
  return raw as T;
}

export const emailSettings = {
  /** Outbound: mails sent in each measured run (the plugin's, and each raw round). */
  mails: positive('BENCH_EMAIL_MAILS', 10_000),
  /** Outbound: mails sent before measuring, by the plugin and by the raw baseline. */
  warmup: positive('BENCH_EMAIL_WARMUP', 500, true),
  /** Outbound: agent replies per case (the plugin keeps each case's thread: References grow). */
  repliesPerCase: positive('BENCH_EMAIL_REPLIES_PER_CASE', 5),
  /** Outbound: raw baseline rounds; the median counts. */
  rawRounds: positive('BENCH_EMAIL_RAW_ROUNDS', 3),
  /**
   * Outbound: sendMail calls the raw baseline keeps in flight. Default: as many as the plugin
   * handles events at once (the SDK's concurrency, 32), so both offer the pool the same queue.
   */
  rawConcurrency: positive('BENCH_EMAIL_RAW_CONCURRENCY', 0, true),
  /**
   * Where the SMTP sink runs: `process` (its own, default) or `inline` (in the orchestrator,
   * which also publishes the events and polls the stream). Measured on 2 CPUs: see
   * docs/operations.md#email-pnpm-benchemail.
   */
  sink: oneOf('BENCH_EMAIL_SINK', ['process', 'inline'] as const, 'process'),
  /**
   * Outbound: email plugin processes sharing the durable consumer (replicas, each with its own
   * pool). The ratio compares one replica (the default) with one raw transport; more is for
   * seeing how the plugin scales out.
   */
  pluginReplicas: positive('BENCH_EMAIL_PLUGIN_REPLICAS', 1),
  /** Inbound: mails taken in per run (0 skips the inbound runs). */
  inboundMails: positive('BENCH_EMAIL_INBOUND', 2_000, true),
  /** Inbound: mails handed to MailIntake at once (an SMTP listener's connections). */
  inboundConcurrency: positive('BENCH_EMAIL_INBOUND_CONCURRENCY', 8),
  /** Inbound: size of the attachment of the HTML mails (KB). */
  attachmentKb: positive('BENCH_EMAIL_ATTACHMENT_KB', 100, true),
  /**
   * Inbound: also run the mails through a real core (apps/core): alone over the intake runs'
   * mails (the inbound target), then end to end with a plugin (1), or neither (0).
   */
  threading: positive('BENCH_EMAIL_THREADING', 1, true) !== 0,
  natsUrl: shared.natsUrl,
  pgAdminUrl: shared.pgAdminUrl,
};

/**
 * Outbound: the plugin's mails/s over raw nodemailer's. Inbound: the core alone threading a
 * backlog, mails/s over the plugin's MailIntake (several at once) handing them to JetStream.
 * The core's RSS at most while it threads (the drain and the end-to-end run).
 */
export const EMAIL_TARGETS = { outboundRatio: 0.8, inboundRatio: 0.8, coreRssMb: 200 };
