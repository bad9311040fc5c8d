import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  normalizeIdentity,
  type ContactRef,
  type OptOut,
  type Identity,
  type IdentityKind,
} from '@casehub/domain';
import { ContactEntity, ContactIdentityEntity } from './contact.entity.js';
import { ContactConsentEntity } from './contact-consent.entity.js';
import type { ContactView, CreateContact, FindContacts, UpdateContact } from '@casehub/domain';
import { problems } from '../problems/problem.js';
import { Transactions } from '../database/transactions.js';
import { PgStatements } from '../database/pg-statements.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { contactForCase, type ContactForCase, type ContactMatch } from './contact-for-case.js';

interface MatchRow {
  pos: number;
  holder: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  handles: string | null;
}
import { hydrate } from '../database/hydrate.js';
import { sqlParams } from '../database/sql-params.js';
import { handlesOf } from './contact-ref-sql.js';

export type { ContactView };

@Injectable()
export class ContactsService {
  constructor(
    private readonly tx: Transactions,
    private readonly pg: PgStatements,
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    @InjectRepository(ContactIdentityEntity)
    private readonly identities: Repository<ContactIdentityEntity>,
  ) {}

  /**
   * Runs `save` with the contact a case is for (found by the first of `wanted` that someone
   * holds, else new; see contactForCase) and the rows `save` must write with the case. When
   * another intake claimed one of the identities meanwhile, it starts again from a new match.
   */
  async withContact<T>(
    name: string | null,
    wanted: readonly Identity[],
    save: (contact: ContactForCase) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const contact = contactForCase(name, wanted, await this.match(wanted), new Date());
      try {
        return await save(contact);
      } catch (err) {
        if (attempt >= 3 || !isUniqueViolation(err, 'contact_identities')) throw err;
      }
    }
  }

  /** Who holds each of these identities, in one query. */
  async match(wanted: readonly Identity[]): Promise<ContactMatch> {
    if (!wanted.length) return { contact: null, holders: [] };
    const pg = this.tx.dialect === 'postgres';
    const slot = (n: number, type: string) => (pg ? `$${n}::${type}` : '?');
    const rows = wanted.map(
      (_, i) => `(${slot(2 * i + 1, 'text')}, ${slot(2 * i + 2, 'text')}, ${i})`,
    );
    const sql = `WITH w(kind, value, pos) AS (VALUES ${rows.join(', ')})
      SELECT w.pos, i.contact_id AS holder, r.name, r.email, r.phone, r.handles
      FROM w LEFT JOIN contact_identities i ON i.kind = w.kind AND i.value = w.value
      LEFT JOIN contact_refs r ON r.id = i.contact_id
      ORDER BY w.pos`;
    const params = wanted.flatMap((w) => [w.kind, w.value]);
    const found: MatchRow[] = pg
      ? await this.pg.query<MatchRow>(sql, params)
      : await this.contacts.manager.query(sql, params);
    const first = found.find((f) => f.holder !== null);
    return {
      contact: first
        ? {
            id: first.holder!,
            name: first.name,
            email: first.email,
            phone: first.phone,
            handles: handlesOf(first.handles),
          }
        : null,
      holders: found.map((f) => f.holder),
    };
  }

  /** The compact form of a contact carried in case views and events; null when there is none. */
  async ref(id: string): Promise<ContactRef | null> {
    return (await this.refsIn(this.contacts.manager, [id])).get(id) ?? null;
  }

  /** The contact with this id inside the caller's transaction; 404 when there is none. */
  async existingIn(em: EntityManager, id: string): Promise<ContactEntity> {
    const c = await em.findOneBy(ContactEntity, { id });
    if (!c) throw problems.notFound(`No contact has id ${id}.`);
    return c;
  }

  /** Finds or creates a contact inside the caller's transaction (POST /v1/contacts, consent). */
  async findOrCreateIn(
    em: EntityManager,
    name: string | null,
    wanted: Identity[],
  ): Promise<ContactEntity> {
    const held = wanted.length
      ? await em.find(ContactIdentityEntity, {
          where: wanted.map((i) => ({ kind: i.kind, value: i.value })),
        })
      : [];
    // The first identity listed decides, as on PostgreSQL.
    const hit = wanted
      .map((w) => held.find((h) => h.kind === w.kind && h.value === w.value))
      .find((h) => h !== undefined);
    const now = new Date();
    const existing = hit ? await em.findOneBy(ContactEntity, { id: hit.contactId }) : null;
    if (existing && !existing.name && name) {
      existing.name = name;
      existing.updatedAt = now;
      await em.update(ContactEntity, { id: existing.id }, { name, updatedAt: now });
    }
    const contact =
      existing ?? em.create(ContactEntity, { id: uuidv7(), name, createdAt: now, updatedAt: now });
    if (!existing) await em.insert(ContactEntity, contact);
    const missing = wanted.filter(
      (w) => !held.some((h) => h.kind === w.kind && h.value === w.value),
    );
    if (missing.length) {
      // A new contact takes every identity (a concurrent taker makes this fail); an existing
      // one only those nobody holds.
      const insert = em
        .createQueryBuilder()
        .insert()
        .into(ContactIdentityEntity)
        .values(missing.map((i) => ({ id: uuidv7(), contactId: contact.id, ...i })));
      await (existing ? insert.orIgnore() : insert).execute();
    }
    return contact;
  }

  async create(input: CreateContact): Promise<ContactView> {
    const ids = identitiesOf(input.emails, input.phones, input.handles);
    return this.tx.run(async (em) => {
      const taken = ids.length
        ? await em.find(ContactIdentityEntity, { where: ids.map((i) => ({ ...i })) })
        : [];
      if (taken.length) {
        throw problems.conflict(
          `These identities belong to contact ${taken[0].contactId} already: ${taken.map((t) => t.value).join(', ')}.`,
          {
            contactId: taken[0].contactId,
          },
        );
      }
      const c = await this.findOrCreateIn(em, input.name ?? null, ids);
      return this.viewIn(em, c);
    });
  }

  async update(id: string, input: UpdateContact): Promise<ContactView> {
    return this.tx.run(async (em) => {
      const c = await em.findOneBy(ContactEntity, { id });
      if (!c) throw problems.notFound(`No contact has id ${id}.`);
      if (input.name !== undefined) c.name = input.name;
      c.updatedAt = new Date();
      await em.save(c);
      const ids = identitiesOf(
        input.addEmails ?? [],
        input.addPhones ?? [],
        input.addHandles ?? [],
      );
      for (const i of ids) {
        const owner = await em.findOneBy(ContactIdentityEntity, { kind: i.kind, value: i.value });
        if (owner && owner.contactId !== id) {
          throw problems.conflict(`${i.value} belongs to contact ${owner.contactId}.`, {
            contactId: owner.contactId,
          });
        }
        if (!owner) await em.insert(ContactIdentityEntity, { id: uuidv7(), contactId: id, ...i });
      }
      return this.viewIn(em, c);
    });
  }

  async get(id: string): Promise<ContactView> {
    const c = await this.contacts.findOneBy({ id });
    if (!c) throw problems.notFound(`No contact has id ${id}.`);
    return this.viewIn(this.contacts.manager, c);
  }

  async find(q: FindContacts): Promise<ContactView[]> {
    const wanted: Identity[] = [];
    const tryAdd = (kind: IdentityKind, v?: string) => {
      if (!v) return;
      try {
        wanted.push(normalizeIdentity(kind, v));
      } catch {
        /* an unparseable search term simply matches nothing */
      }
    };
    tryAdd('email', q.email);
    tryAdd('phone', q.phone);
    tryAdd('social', q.handle);
    if (!q.email && !q.phone && !q.handle) {
      const all = await this.contacts.find({ order: { createdAt: 'DESC' }, take: q.limit });
      return Promise.all(all.map((c) => this.viewIn(this.contacts.manager, c)));
    }
    if (!wanted.length) return [];
    // One round trip: the contacts holding any of these identities, each with all of its own.
    const { values, param } = sqlParams(this.tx.dialect);
    const held = wanted.map((w) => `(i.kind = ${param(w.kind)} AND i.value = ${param(w.value)})`);
    const rows: Record<string, unknown>[] = await this.contacts.query(
      `SELECT ct.*, a.kind AS identity_kind, a.value AS identity_value
         FROM contacts ct JOIN contact_identities a ON a.contact_id = ct.id
        WHERE ct.id IN (SELECT i.contact_id FROM contact_identities i WHERE ${held.join(' OR ')})
        ORDER BY ct.id, a.id`,
      values,
    );
    const found = new Map<string, ContactView>();
    const optOuts = await this.optOutsIn(
      this.contacts.manager,
      rows.map((r) => r.id as string),
    );
    for (const row of rows) {
      const id = row.id as string;
      if (!found.has(id))
        found.set(
          id,
          view(hydrate(this.contacts.manager, ContactEntity, row), [], optOuts.get(id) ?? []),
        );
      found.get(id)!.identities.push({
        kind: row.identity_kind as IdentityKind,
        value: row.identity_value as string,
      });
    }
    return [...found.values()];
  }

  /** Compact forms of several contacts (contact_refs), by id. */
  refs(ids: string[]): Promise<Map<string, ContactRef>> {
    return this.refsIn(this.contacts.manager, ids);
  }

  /** Compact forms of several contacts inside the caller's transaction. */
  async refsIn(em: EntityManager, ids: string[]): Promise<Map<string, ContactRef>> {
    if (!ids.length) return new Map();
    const rows: (Omit<ContactRef, 'handles'> & { handles: string | null })[] = await em
      .createQueryBuilder()
      .select([
        'r.id AS id',
        'r.name AS name',
        'r.email AS email',
        'r.phone AS phone',
        'r.handles AS handles',
      ])
      .from('contact_refs', 'r')
      .where('r.id IN (:...ids)', { ids })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, { ...r, handles: handlesOf(r.handles) }]));
  }

  private async viewIn(em: EntityManager, c: ContactEntity): Promise<ContactView> {
    const idents = await em.find(ContactIdentityEntity, {
      where: { contactId: c.id },
      order: { id: 'ASC' },
    });
    return view(
      c,
      idents.map((i) => ({ kind: i.kind, value: i.value })),
      (await this.optOutsIn(em, [c.id])).get(c.id) ?? [],
    );
  }

  /** The channels each of these contacts opted out of (see ConsentService), by contact id. */
  private async optOutsIn(em: EntityManager, ids: string[]): Promise<Map<string, OptOut[]>> {
    const found = new Map<string, OptOut[]>();
    if (!ids.length) return found;
    const rows = await em
      .createQueryBuilder(ContactConsentEntity, 'k')
      .where('k.contactId IN (:...ids)', { ids: [...new Set(ids)] })
      .andWhere('k.state = :state', { state: 'opted_out' })
      .orderBy('k.channel')
      .addOrderBy('k.topic')
      .getMany();
    for (const k of rows) {
      const list = found.get(k.contactId) ?? [];
      list.push({ channel: k.channel, topic: k.topic, at: k.at.toISOString(), source: k.source });
      found.set(k.contactId, list);
    }
    return found;
  }
}

function view(c: ContactEntity, identities: Identity[], optOuts: OptOut[]): ContactView {
  return {
    id: c.id,
    name: c.name,
    identities,
    optOuts,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Normalises raw addresses into identities; a bad one is a 400 naming it. */
export function identitiesOf(emails: string[], phones: string[], handles: string[]): Identity[] {
  const all = [
    ...emails.map((v) => normalizeIdentity('email', v)),
    ...phones.map((v) => normalizeIdentity('phone', v)),
    ...handles.map((v) => normalizeIdentity('social', v)),
  ];
  return all.filter((a, i) => all.findIndex((b) => b.kind === a.kind && b.value === a.value) === i);
}
