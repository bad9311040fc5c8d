/** How a plugin connects to CaseHub's event stream. Every field but `plugin` has a default. */
import type { ManifestInput } from './registration.js';

export interface JetStreamTransportOptions {
  /**
   * The plugin's name: also the durable consumer's name, shared by all its replicas, so they
   * split the work and resume where the plugin left off after a restart.
   */
  plugin: string;
  /** NATS servers, e.g. `nats://127.0.0.1:4222` (comma-separated or an array). */
  servers?: string | string[];
  /** The core's event stream (the core's NATS_STREAM). Default `CASEHUB`. */
  stream?: string;
  /** Subject prefix (the core's NATS_SUBJECT_PREFIX). Default `casehub`. */
  subjectPrefix?: string;
  /**
   * Which events to take, as a subject pattern after `<prefix>.v1.`. Default `>` (all of them;
   * those without a handler are passed over). The core itself takes `inbound.>`.
   */
  subjects?: string;
  /**
   * Where a new plugin starts: `all` back-fills every event the stream still holds,
   * `new` starts with events published from now on. Default `new`.
   */
  deliverFrom?: 'all' | 'new';
  /** Attempts per event before it goes to the dead-letter stream. Default 5. */
  maxAttempts?: number;
  /** Wait before each retry, in ms, by attempt; the last value repeats. Default 1 s, 5 s, 30 s, 2 min. */
  retryDelaysMs?: number[];
  /** Events handled at the same time (events of one case are always handled one by one). Default 32. */
  concurrency?: number;
  /** How long handled event ids are remembered to drop duplicates. Default 7 days. */
  inboxTtlMs?: number;
  /** How long a handler may run before JetStream redelivers the event. Default 30 s. */
  ackWaitMs?: number;
  /**
   * How long an event waits for the one before it in the same case (handled by another
   * replica, or being retried) before it is handled anyway. Default 5 min.
   */
  orderWaitMs?: number;
  /**
   * What the plugin tells the core about itself (version, events consumed, channels). With it,
   * the plugin registers at start (a core that speaks another contract major refuses it, and
   * `listen` fails with the reason) and sends heartbeats that `GET /v1/plugins` shows.
   */
  manifest?: ManifestInput;
  /** How often a registered plugin says it is alive. Default 10 s. */
  heartbeatMs?: number;
}

export type ResolvedJetStreamOptions = Required<Omit<JetStreamTransportOptions, 'manifest'>> & {
  servers: string[];
  manifest?: ManifestInput;
};

export function resolveOptions(o: JetStreamTransportOptions): ResolvedJetStreamOptions {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.plugin)) {
    throw new Error(`plugin name "${o.plugin}" must be 1–64 letters, digits, _ or -`);
  }
  const servers = o.servers ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  return {
    plugin: o.plugin,
    servers: Array.isArray(servers) ? servers : servers.split(','),
    stream: o.stream ?? process.env.NATS_STREAM ?? 'CASEHUB',
    subjectPrefix: o.subjectPrefix ?? process.env.NATS_SUBJECT_PREFIX ?? 'casehub',
    subjects: o.subjects ?? '>',
    deliverFrom: o.deliverFrom ?? 'new',
    maxAttempts: o.maxAttempts ?? 5,
    retryDelaysMs: o.retryDelaysMs?.length ? o.retryDelaysMs : [1_000, 5_000, 30_000, 120_000],
    concurrency: o.concurrency ?? 32,
    inboxTtlMs: o.inboxTtlMs ?? 7 * 24 * 3600 * 1000,
    ackWaitMs: o.ackWaitMs ?? 30_000,
    orderWaitMs: o.orderWaitMs ?? 300_000,
    manifest: o.manifest,
    heartbeatMs: o.heartbeatMs ?? 10_000,
  };
}
