import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, CaseView, ContactRef, EventMapV1, EventName } from '@casehub/domain';
import { Transactions } from '../database/transactions.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { caseNotFound, caseWhere } from './case-ref.js';
import { toCaseView } from './case-view.js';
import { requestContext } from '../common/request-context.js';
import { insertRows } from '../database/insert-rows.js';
import { nextCaseNumberSql } from './case-number.allocator.js';
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
  /** The case's contact as the mutation already knows it, saving a read for the case view. */
  knowContact(contact: ContactRef): void;
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
      const [inserted] = await insertRows(em, CaseEntity, [c], {
        expressions: { number: nextCaseNumberSql(this.tx.dialect) },
        returning: ['number'],
      });
      c.number = Number(inserted.number);
      return this.commit(em, c, 0, actor, m, null);
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

  async view(
    em: EntityManager,
    c: CaseEntity,
    tags?: string[],
    contact?: ContactRef | null,
  ): Promise<CaseView> {
    const t = tags ?? (await em.findBy(CaseTagEntity, { caseId: c.id })).map((x) => x.tag);
    if (contact === undefined || contact?.id !== c.contactId) {
      contact = c.contactId
        ? ((await this.contacts.refs(em, [c.contactId])).get(c.contactId) ?? null)
        : null;
    }
    return toCaseView(c, t, contact);
  }

  private mutation(em: EntityManager) {
    const events: { name: EventName; extra: object }[] = [];
    const m = {
      em,
      at: new Date(),
      events,
      tags: null as string[] | null,
      contact: undefined as ContactRef | undefined,
      knowContact(contact: ContactRef) {
        m.contact = contact;
      },
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
    oldTags: string[] | null,
  ): Promise<CaseView> {
    let tags = oldTags ?? [];
    if (m.tags !== null) {
      if (oldTags !== null) await em.delete(CaseTagEntity, { caseId: c.id });
      if (m.tags.length)
        await em.insert(
          CaseTagEntity,
          m.tags.map((tag) => ({ caseId: c.id, tag })),
        );
      tags = m.tags;
    }
    const view = await this.view(em, c, tags, m.contact);
    await this.outbox.append(
      em,
      m.events.map((e, i) => ({
        name: e.name,
        data: {
          case: { ...view, version: base + i + 1 },
          actor,
          ...e.extra,
        },
        sequence: base + i + 1,
      })),
      c.id,
      m.at,
    );
    return view;
  }
}
