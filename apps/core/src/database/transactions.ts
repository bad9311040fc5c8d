import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf, type Dialect } from './dialect.js';

type Work<T> = (em: EntityManager) => Promise<T>;

/**
 * Runs units of work in one database transaction. SQLite allows one writer at a time, so on
 * SQLite write transactions queue here instead of failing with SQLITE_BUSY.
 */
@Injectable()
export class Transactions {
  readonly dialect: Dialect;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly afterCommitHooks: (() => void)[] = [];

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  /** `quiet` skips the after-commit hooks (for the relay's own bookkeeping). */
  async run<T>(work: Work<T>, opts: { quiet?: boolean } = {}): Promise<T> {
    const result =
      this.dialect === 'sqlite'
        ? await this.serialized(() => this.dataSource.transaction(work))
        : await this.dataSource.transaction(work); // READ COMMITTED, PostgreSQL's default
    if (!opts.quiet) this.committed();
    return result;
  }

  /** Called after every committed unit of work (the outbox relay uses it to wake up at once). */
  onCommit(hook: () => void): void {
    this.afterCommitHooks.push(hook);
  }

  /** Tells the hooks that a write committed outside run() (a single autocommitted statement). */
  committed(): void {
    for (const hook of this.afterCommitHooks) hook();
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
