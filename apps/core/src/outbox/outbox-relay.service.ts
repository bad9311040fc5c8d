import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { CORE_CONFIG } from '../config/config.module.js';
import { Transactions } from '../database/transactions.js';
import { dialectOf, type Dialect } from '../database/dialect.js';
import { NatsService } from '../nats/nats.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OutboxConfig } from './outbox.config.js';
import {
  claimBatch,
  countPending,
  markFailed,
  markPublished,
  type ClaimedEvent,
  type Queryable,
} from './outbox-claim.js';

const PUBLISH_TIMEOUT_MS = 5000;

function traceHeaders(traceparent: string) {
  const h = headers();
  h.set('traceparent', traceparent);
  return h;
}
const MAX_BACKOFF_MS = 5000;
const COALESCE_MS = 2;

/**
 * Publishes the outbox to JetStream with the event id as Nats-Msg-Id, so a publish repeated
 * after a crash is dropped by the stream's duplicate window. Safe to run in every replica.
 */
interface RelayWorker {
  nudged: boolean;
  wake: (() => void) | null;
}

@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private readonly dialect: Dialect;
  private running = false;
  private loop: Promise<unknown> | null = null;
  /** Drain loops; on PostgreSQL several overlap one's publishing with another's SQL. */
  private readonly workers: RelayWorker[] = [];

  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: OutboxConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nats: NatsService,
    private readonly metrics: MetricsService,
    private readonly tx: Transactions,
  ) {
    this.dialect = dialectOf(dataSource);
    tx.onCommit(() => this.nudge());
    metrics.pendingEvents = () => countPending(this.dataSource);
  }

  onApplicationBootstrap(): void {
    if (!this.cfg.OUTBOX_RELAY) return;
    this.running = true;
    // SKIP LOCKED gives each loop other cases; SQLite has one writer, so one loop.
    const count = this.dialect === 'postgres' ? this.cfg.OUTBOX_RELAY_WORKERS : 1;
    for (let i = 0; i < count; i++) this.workers.push({ nudged: false, wake: null });
    this.loop = Promise.all(this.workers.map((w, i) => this.run(w, i === 0)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** A commit just wrote events: publish now rather than at the next poll. */
  nudge(): void {
    for (const w of this.workers) {
      w.nudged = true;
      w.wake?.();
    }
  }

  /** One drain loop; only the first one warns, so an outage is logged once. */
  private async run(w: RelayWorker, speaks: boolean): Promise<void> {
    let backoff = 0;
    let waiting = true; // at start-up NATS may still be connecting: not worth a warning
    while (this.running) {
      if (!this.nats.jetstream()) {
        if (!waiting && speaks) this.log.warn('NATS is unreachable; events wait in the outbox');
        waiting = true;
        w.nudged = false;
        await this.sleep(w, this.cfg.OUTBOX_POLL_MS);
        continue;
      }
      waiting = false;
      let published = 0;
      w.nudged = false; // commits from now on are for the next round
      try {
        published = await this.drainOnce();
        backoff = 0;
      } catch (err) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(100, backoff * 2));
        this.log.warn(`outbox relay: ${(err as Error).message}; retrying in ${backoff} ms`);
      }
      if (backoff > 0) {
        await this.sleep(w, backoff, false);
      } else if (published >= this.cfg.OUTBOX_BATCH_SIZE) {
        continue; // a full batch: more is surely waiting, take it at once
      } else if (w.nudged) {
        // Commits landed meanwhile: let their neighbours land too so the next batch carries several.
        await new Promise((r) => setTimeout(r, COALESCE_MS));
      } else {
        await this.sleep(w, this.cfg.OUTBOX_POLL_MS);
      }
    }
  }

  /** Waits `ms`; a nudge ends the wait early unless we are backing off after an error. */
  private sleep(w: RelayWorker, ms: number, wakeable = true): Promise<void> {
    if (wakeable && w.nudged) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        if (w.wake === finish) w.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      if (wakeable) w.wake = finish;
    });
  }

  /** Claims one batch, publishes it, and records what was published. Returns the count. */
  async drainOnce(): Promise<number> {
    const js = this.nats.jetstream();
    if (!js) throw new Error('NATS is not reachable; events wait in the outbox');
    return this.dialect === 'postgres' ? this.drainPostgres(js) : this.drainSqlite(js);
  }

  /** Claim, publish and mark in one transaction: the row locks are the claim. */
  private async drainPostgres(js: JetStreamClient): Promise<number> {
    const qr = this.dataSource.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction(); // READ COMMITTED, PostgreSQL's default
      const batch = await claimBatch(qr, this.dialect, this.cfg.OUTBOX_BATCH_SIZE);
      const result = batch.length
        ? await this.publishAndMark(js, batch, qr)
        : { published: 0, failed: [] };
      await qr.commitTransaction();
      return this.settle(result);
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** SQLite runs one relay; publishing outside the write lock keeps the API responsive. */
  private async drainSqlite(js: JetStreamClient): Promise<number> {
    const batch = await claimBatch(this.dataSource, this.dialect, this.cfg.OUTBOX_BATCH_SIZE);
    if (!batch.length) return 0;
    this.failpoint('outbox.before_publish');
    const { published, failed } = await this.publish(js, batch);
    this.failpoint('outbox.after_publish');
    await this.tx.run(
      async (em) => {
        await markPublished(em, this.dialect, published);
        for (const f of failed) await markFailed(em, this.dialect, f.seq, f.error);
      },
      { quiet: true },
    );
    return this.settle({ published: published.length, failed });
  }

  private async publishAndMark(js: JetStreamClient, batch: ClaimedEvent[], q: Queryable) {
    this.failpoint('outbox.before_publish');
    const { published, failed } = await this.publish(js, batch);
    this.failpoint('outbox.after_publish');
    await markPublished(q, this.dialect, published);
    for (const f of failed) await markFailed(q, this.dialect, f.seq, f.error);
    return { published: published.length, failed };
  }

  private settle(r: { published: number; failed: { error: string }[] }): number {
    this.metrics.outboxPublished.inc(r.published);
    if (r.failed.length) {
      this.metrics.outboxErrors.inc(r.failed.length);
      throw new Error(`${r.failed.length} event(s) not published: ${r.failed[0].error}`);
    }
    return r.published;
  }

  /** Cases in parallel, each case's events one after the other so their order holds. */
  private async publish(js: JetStreamClient, batch: ClaimedEvent[]) {
    const byCase = new Map<string, ClaimedEvent[]>();
    for (const e of batch) byCase.set(e.aggregateId, [...(byCase.get(e.aggregateId) ?? []), e]);
    const published: number[] = [];
    const failed: { seq: number; error: string }[] = [];
    await Promise.all(
      [...byCase.values()].map(async (events) => {
        for (const e of events) {
          try {
            const ack = await js.publish(e.subject, e.payload, {
              msgID: e.id,
              timeout: PUBLISH_TIMEOUT_MS,
              ...(e.traceparent ? { headers: traceHeaders(e.traceparent) } : {}),
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
    return { published, failed };
  }

  private failpoint(name: NonNullable<OutboxConfig['CASEHUB_FAILPOINT']>): void {
    if (this.cfg.CASEHUB_FAILPOINT === name) {
      this.log.warn(`failpoint ${name}: killing the process`);
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
