import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, CaseView, EventMapV1, EventName } from '@casehub/domain';
import { Transactions } from '../database/transactions.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { caseNotFound, caseWhere } from './case-ref.js';
import { toCaseView } from './case-view.js';
import { requestContext } from '../common/request-context.js';
import { problems } from '../problems/problem.js';

/** The part of an event's data a mutation supplies; the case snapshot and actor are added here. */
type EventExtra<N extends EventName> = Omit<EventMapV1[N], 'case' | 'actor'>;

export interface CaseMutation {
  readonly em: EntityManager;
  readonly at: Date;
  /** Records an event to emit once the change is applied; all commit in one transaction. */
  emit<N extends EventName>(name: N, extra: EventExtra<N>): void;
  /** Replaces the case's tags. */
  setTags(tags: string[]): void;
}

/**
 * Every change to a case goes through here: load and lock the case, apply the change, save it
 * and append its events to the outbox — in one transaction.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly tx: Transactions,
    private readonly outbox: OutboxService,
    private readonly contacts: ContactsService,
  ) {}

  /** Inserts a new case (built by `build`) and emits what `build` asks for. */
  async create(actor: Actor, build: (m: CaseMutation) => Promise<CaseEntity>): Promise<CaseView> {
    return this.tx.run(async (em) => {
      const m = this.mutation(em);
      const c = await build(m);
      c.version = m.events.length;
      c.updatedAt = m.at;
      await em.insert(CaseEntity, c);
      return this.commit(em, c, 0, actor, m, []);
    });
  }

  async mutate(
    ref: string,
    actor: Actor,
    change: (c: CaseEntity, m: CaseMutation) => Promise<void> | void,
  ): Promise<CaseView> {
    return this.tx.run(async (em) => {
      const c = await em.findOne(CaseEntity, {
        where: caseWhere(ref),
        ...(this.tx.dialect === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (!c) throw caseNotFound(ref);
      // Optimistic concurrency for clients that send If-Match with the version they saw.
      const expected = requestContext()?.ifMatchVersion ?? null;
      if (expected !== null && expected !== c.version) {
        throw problems.preconditionFailed(
          `Case #${c.number} is at version ${c.version}, not ${expected}: read it again and retry.`,
          { currentVersion: c.version },
        );
      }
      const tags = (await em.findBy(CaseTagEntity, { caseId: c.id })).map((t) => t.tag);
      const m = this.mutation(em);
      await change(c, m);
      if (m.events.length === 0 && m.tags === null) return this.view(em, c, tags);
      const base = c.version;
      c.version += m.events.length;
      c.updatedAt = m.at;
      await em.update(CaseEntity, { id: c.id }, { ...c });
      return this.commit(em, c, base, actor, m, tags);
    });
  }

  async view(em: EntityManager, c: CaseEntity, tags?: string[]): Promise<CaseView> {
    const t = tags ?? (await em.findBy(CaseTagEntity, { caseId: c.id })).map((x) => x.tag);
    const refs = c.contactId ? await this.contacts.refs(em, [c.contactId]) : null;
    return toCaseView(c, t, refs?.get(c.contactId!) ?? null);
  }

  private mutation(em: EntityManager) {
    const events: { name: EventName; extra: object }[] = [];
    const m = {
      em,
      at: new Date(),
      events,
      tags: null as string[] | null,
      emit<N extends EventName>(name: N, extra: EventExtra<N>) {
        events.push({ name, extra });
      },
      setTags(tags: string[]) {
        m.tags = [...new Set(tags)];
      },
    };
    return m;
  }

  private async commit(
    em: EntityManager,
    c: CaseEntity,
    base: number,
    actor: Actor,
    m: ReturnType<CaseWriter['mutation']>,
    oldTags: string[],
  ): Promise<CaseView> {
    let tags = oldTags;
    if (m.tags !== null) {
      await em.delete(CaseTagEntity, { caseId: c.id });
      if (m.tags.length)
        await em.insert(
          CaseTagEntity,
          m.tags.map((tag) => ({ caseId: c.id, tag })),
        );
      tags = m.tags;
    }
    const view = await this.view(em, c, tags);
    for (const [i, e] of m.events.entries()) {
      const sequence = base + i + 1;
      const data = {
        case: { ...view, version: sequence },
        actor,
        ...e.extra,
      } as EventMapV1[EventName];
      await this.outbox.append(em, e.name, data, { id: c.id, sequence }, m.at);
    }
    return view;
  }
}
