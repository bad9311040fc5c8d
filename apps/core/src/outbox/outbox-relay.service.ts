import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CORE_CONFIG } from '../config/config.module.js';
import { Transactions } from '../database/transactions.js';
import { dialectOf, type Dialect } from '../database/dialect.js';
import { PgStatements } from '../database/pg-statements.js';
import { NatsService } from '../nats/nats.service.js';
import type { StreamPublisher } from '@casehub/plugin-sdk';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OutboxConfig } from './outbox.config.js';
import {
  beginClaim,
  claimBatch,
  commitClaim,
  countPending,
  markFailed,
  markPublished,
  unpublishedFloor,
  type ClaimedEvent,
  type Queryable,
} from './outbox-claim.js';
import { RelayPacer } from './relay-pacer.js';

const MAX_BACKOFF_MS = 5000;
/** Under sustained commits, how long a claim waits for its neighbours (bounded extra latency). */
const COALESCE_MS = 2;

type Claimed = (full: boolean) => void;
interface Outcome {
  published: number[];
  failed: { seq: number; error: string }[];
}

/**
 * Publishes the outbox to JetStream with the event id as Nats-Msg-Id, so a publish repeated
 * after a crash is dropped by the stream's duplicate window. Safe to run in every replica.
 * A RelayPacer decides when to claim: commits wake it, but claims are coalesced, and up to
 * OUTBOX_RELAY_WORKERS batches publish side by side (PostgreSQL) while the next is claimed.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private readonly dialect: Dialect;
  private pacer: RelayPacer | null = null;
  private poll: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private backoff = 0;
  private natsDown = true; // at start-up NATS may still be connecting: not worth a warning
  /** Heads are looked for from here up; taken again at every poll (see unpublishedFloor). */
  private floor = 0;

  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: OutboxConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nats: NatsService,
    private readonly metrics: MetricsService,
    private readonly tx: Transactions,
    private readonly pg: PgStatements,
  ) {
    this.dialect = dialectOf(dataSource);
    tx.onCommit(() => this.nudge());
    metrics.pendingEvents = () => countPending(this.dataSource);
  }

  onApplicationBootstrap(): void {
    if (!this.cfg.OUTBOX_RELAY || this.pacer) return;
    this.pacer = new RelayPacer({
      // SKIP LOCKED gives each batch other cases; SQLite has one writer, so one batch.
      slots: this.dialect === 'postgres' ? this.cfg.OUTBOX_RELAY_WORKERS : 1,
      coalesceMs: COALESCE_MS,
      start: (claimed, done) => {
        const run = this.batch(claimed).finally(() => {
          this.inFlight.delete(run);
          done();
        });
        this.inFlight.add(run);
      },
    });
    // Other replicas' commits, events committed below the floor and retries are found by polling.
    // A tick is skipped while the last one's floor is still being read: on a large outbox
    // without its index (a bulk load) that read took seconds, and ticks piled up on PostgreSQL.
    const poll = () => {
      this.polling ??= this.refreshFloor().finally(() => {
        this.polling = null;
        this.nudge();
      });
    };
    this.poll = setInterval(poll, this.cfg.OUTBOX_POLL_MS);
    poll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.pacer?.stop();
    if (this.poll) clearInterval(this.poll);
    await this.polling;
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** A commit just wrote events: publish soon rather than at the next poll. */
  nudge(): void {
    this.pacer?.nudge();
  }

  private async refreshFloor(): Promise<void> {
    try {
      this.floor =
        this.dialect === 'postgres'
          ? await unpublishedFloor({ query: (sql) => this.pg.query(sql, []) })
          : await unpublishedFloor(this.dataSource);
    } catch {
      this.floor = 0; // look everywhere until it can be taken again
    }
  }

  /** One batch: claim, publish, record. Errors pause claiming with a growing back-off. */
  private async batch(claimed: Claimed): Promise<void> {
    try {
      const js = this.nats.publisher();
      if (!js) {
        if (!this.natsDown) this.log.warn('NATS is unreachable; events wait in the outbox');
        this.natsDown = true;
        return; // the next commit or poll tick tries again
      }
      this.natsDown = false;
      const outcome =
        this.dialect === 'postgres'
          ? await this.batchPostgres(js, claimed)
          : await this.batchSqlite(js, claimed);
      this.settle(outcome);
      this.backoff = 0;
    } catch (err) {
      this.backoff = Math.min(MAX_BACKOFF_MS, Math.max(100, this.backoff * 2));
      this.pacer?.pause(this.backoff);
      this.pacer?.nudge();
      this.log.warn(`outbox relay: ${(err as Error).message}; retrying in ${this.backoff} ms`);
    } finally {
      claimed(false);
    }
  }

  /** Claim, publish and mark in one transaction: the row locks are the claim. */
  private async batchPostgres(js: StreamPublisher, claimed: Claimed): Promise<Outcome> {
    const session = await this.pg.session();
    let ok = false;
    try {
      const batch = await beginClaim(session, this.cfg.OUTBOX_BATCH_SIZE, this.floor);
      claimed(batch.length >= this.cfg.OUTBOX_BATCH_SIZE);
      const outcome = await this.publish(js, batch);
      await commitClaim(session, outcome.published, outcome.failed);
      ok = true;
      return outcome;
    } finally {
      if (!ok) await session.query('ROLLBACK').catch(() => undefined);
      session.release(!ok);
    }
  }

  /** SQLite runs one batch at a time; publishing outside the write lock keeps the API responsive. */
  private async batchSqlite(js: StreamPublisher, claimed: Claimed): Promise<Outcome> {
    const batch = await claimBatch(this.dataSource, this.cfg.OUTBOX_BATCH_SIZE, this.floor);
    claimed(batch.length >= this.cfg.OUTBOX_BATCH_SIZE);
    const outcome = await this.publish(js, batch);
    await this.tx.run((em) => this.record(em, outcome), { quiet: true });
    return outcome;
  }

  private async record(q: Queryable, { published, failed }: Outcome): Promise<void> {
    await markPublished(q, published);
    for (const f of failed) await markFailed(q, 'sqlite', f.seq, f.error);
  }

  private settle(r: Outcome): void {
    this.metrics.outboxPublished.inc(r.published.length);
    if (r.failed.length) {
      this.metrics.outboxErrors.inc(r.failed.length);
      throw new Error(`${r.failed.length} event(s) not published: ${r.failed[0].error}`);
    }
  }

  /** Cases in parallel, each case's events one after the other so their order holds. */
  private async publish(js: StreamPublisher, batch: ClaimedEvent[]): Promise<Outcome> {
    if (!batch.length) return { published: [], failed: [] };
    this.failpoint('outbox.before_publish');
    const byCase = new Map<string, ClaimedEvent[]>();
    for (const e of batch) {
      const events = byCase.get(e.aggregateId);
      if (events) events.push(e);
      else byCase.set(e.aggregateId, [e]);
    }
    const published: number[] = [];
    const failed: { seq: number; error: string }[] = [];
    await Promise.all(
      [...byCase.values()].map(async (events) => {
        for (const e of events) {
          try {
            const ack = await js.publish({
              subject: e.subject,
              payload: e.payload,
              msgId: e.id,
              traceparent: e.traceparent,
            });
            if (ack.duplicate) this.metrics.outboxDuplicates.inc();
            published.push(e.seq);
          } catch (err) {
            failed.push({ seq: e.seq, error: (err as Error).message });
            return; // later events of this case wait for this one
          }
        }
      }),
    );
    this.failpoint('outbox.after_publish');
    return { published, failed };
  }

  private failpoint(name: NonNullable<OutboxConfig['CASEHUB_FAILPOINT']>): void {
    if (this.cfg.CASEHUB_FAILPOINT === name) {
      this.log.warn(`failpoint ${name}: killing the process`);
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
