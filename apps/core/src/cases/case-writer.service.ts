import { Injectable } from '@nestjs/common';
import {
  formatCaseNumber,
  toCaseView,
  type Actor,
  type CaseChange,
  type CaseState,
  type CaseView,
  type ContactRef,
} from '@casehub/domain';
import { Transactions } from '../database/transactions.js';
import type { RowWrite } from '../database/row-write.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { NO_REQUEST, type RequestContext } from '../common/request-context.js';
import { problems } from '../problems/problem.js';
import { CaseProjections } from './case-projections.js';
import { CaseStore, type CaseKey, type LoadedCase } from './case-store.js';
import { caseKey, caseNotFound } from './case-ref.js';

/** A command of the case aggregate, given the case as it is now; it may read what it needs. */
export type CaseCommand = (c: CaseState, loaded: LoadedCase) => CaseChange | Promise<CaseChange>;

/**
 * Optimistic attempts before a change locks the case from read to save: under a burst of
 * changes to one case, each then waits its turn instead of losing again and again.
 */
const OPTIMISTIC_ATTEMPTS = 2;

/** What a save takes besides the change: `also`, rows other features write with it (e.g. a new
 * contact); `request`, the HTTP request that asked for it (its trace, its If-Match). */
export interface SaveOptions {
  readonly also?: readonly RowWrite[];
  readonly request?: RequestContext;
}

/**
 * Saves what the case aggregate decided: the case, the rows features keep of its events and
 * the events themselves (the outbox), all or nothing. It decides nothing itself.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly store: CaseStore,
    private readonly projections: CaseProjections,
    private readonly outbox: OutboxService,
    private readonly tx: Transactions,
  ) {}

  /** Saves a case just opened (Case.open, perhaps with more commands after it). */
  async open(
    change: CaseChange,
    actor: Actor,
    contact: ContactRef | null,
    { also = [], request = NO_REQUEST }: SaveOptions = {},
  ): Promise<CaseView> {
    const { next } = change;
    const rows = [...also, ...this.rows(change, 0, actor, contact, request, true)];
    const number = await this.store.atomically((em) => this.store.insert(em, next, rows), false);
    this.tx.committed();
    return toCaseView({ ...next, number }, contact);
  }

  /**
   * Reads the case, runs `command` on it and saves the result unless the case changed
   * meanwhile; then it starts again from the new state (locking it after a few such losses).
   * `If-Match` of the request must name the version read, else 412.
   */
  async change(
    ref: string | CaseKey,
    actor: Actor,
    command: CaseCommand,
    { also = [], request = NO_REQUEST }: SaveOptions = {},
  ): Promise<{ view: CaseView; change: CaseChange }> {
    const key = typeof ref === 'string' ? caseKey(ref) : ref;
    for (let attempt = 1; ; attempt++) {
      const exclusive = attempt > OPTIMISTIC_ATTEMPTS;
      const outcome = await this.store.atomically(async (em) => {
        const loaded = await this.store.load(em, key);
        if (!loaded) throw caseNotFound(ref);
        checkIfMatch(loaded.state, request.ifMatchVersion);
        const change = await command(loaded.state, loaded);
        const view = toCaseView(change.next, loaded.contact);
        if (!change.events.length) return { view, change, saved: true };
        const rows = [
          ...also,
          ...this.rows(change, loaded.state.version, actor, loaded.contact, request, false),
        ];
        return {
          view,
          change,
          saved: await this.store.update(em, loaded.state, change.next, rows),
        };
      }, exclusive);
      if (outcome.saved) {
        if (outcome.change.events.length) this.tx.committed();
        return outcome;
      }
      if (exclusive) {
        // Cannot happen while the case is locked; fail loudly rather than loop.
        throw new Error(`case ${formatCaseNumber(outcome.view.number)} moved while it was locked`);
      }
    }
  }

  /** The rows features keep of the events, then the events themselves, each with the case as it is now. */
  private rows(
    { next, events }: CaseChange,
    base: number,
    actor: Actor,
    contact: ContactRef | null,
    request: RequestContext,
    numberPending: boolean,
  ) {
    const at = next.updatedAt;
    const view = toCaseView(numberPending ? { ...next, number: 1 } : next, contact);
    const published = events.map((e, i) => ({
      name: e.name,
      sequence: base + i + 1,
      data: { case: { ...view, version: base + i + 1 }, actor, ...e.data },
    }));
    return [
      ...this.projections.rows(events, next, at),
      ...this.outbox.rows(published, next.id, at, {
        caseNumberPending: numberPending,
        traceparent: request.traceparent,
      }),
    ];
  }
}

/** Optimistic concurrency for clients that send If-Match with the version they saw. */
function checkIfMatch(c: CaseState, expected: number | null): void {
  if (expected !== null && expected !== c.version) {
    throw problems.preconditionFailed(
      `Case ${formatCaseNumber(c.number)} is at version ${c.version}, not ${expected}: read it again and retry.`,
      { currentVersion: c.version },
    );
  }
}
