import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  normalizeIdentity,
  type ContactRef,
  type Identity,
  type IdentityKind,
} from '@casehub/domain';
import { ContactEntity, ContactIdentityEntity } from './contact.entity.js';
import type { ContactView, CreateContact, FindContacts, UpdateContact } from '@casehub/domain';
import { problems } from '../problems/problem.js';
import { Transactions } from '../database/transactions.js';
import { hydrate } from '../database/hydrate.js';
import { sqlParams } from '../database/sql-params.js';

export type { ContactView };

@Injectable()
export class ContactsService {
  constructor(
    private readonly tx: Transactions,
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    @InjectRepository(ContactIdentityEntity)
    private readonly identities: Repository<ContactIdentityEntity>,
  ) {}

  /**
   * Finds the contact behind any of these identities, or creates one; identities it does not
   * have yet are added when no other contact holds them. Runs inside the caller's transaction.
   * `ref` is the contact's compact form when this call knows all of it (a new contact).
   */
  async findOrCreate(
    em: EntityManager,
    name: string | null,
    wanted: Identity[],
  ): Promise<{ contact: ContactEntity; ref: ContactRef | null }> {
    const held = wanted.length
      ? await em.find(ContactIdentityEntity, {
          where: wanted.map((i) => ({ kind: i.kind, value: i.value })),
        })
      : [];
    const now = new Date();
    const existing = held.length
      ? await em.findOneBy(ContactEntity, { id: held[0].contactId })
      : null;
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
    const added = await this.claimIdentities(em, contact.id, missing);
    if (!existing && added < missing.length) {
      // A concurrent intake registered the same address first: use that contact instead.
      await em.delete(ContactIdentityEntity, { contactId: contact.id });
      await em.delete(ContactEntity, { id: contact.id });
      return this.findOrCreate(em, name, wanted);
    }
    const ref: ContactRef | null = existing
      ? null
      : {
          id: contact.id,
          name: contact.name,
          email: wanted.find((i) => i.kind === 'email')?.value ?? null,
          phone: wanted.find((i) => i.kind === 'phone')?.value ?? null,
        };
    return { contact, ref };
  }

  /** Inserts identities no one holds yet; returns how many were inserted. */
  private async claimIdentities(
    em: EntityManager,
    contactId: string,
    ids: Identity[],
  ): Promise<number> {
    if (!ids.length) return 0;
    const pg = this.tx.dialect === 'postgres';
    const params: string[] = [];
    const tuples = ids.map((i) => {
      params.push(uuidv7(), contactId, i.kind, i.value);
      const n = params.length;
      return pg ? `($${n - 3}, $${n - 2}, $${n - 1}, $${n})` : '(?, ?, ?, ?)';
    });
    const rows: unknown[] = await em.query(
      `INSERT INTO contact_identities (id, contact_id, kind, value) VALUES ${tuples.join(', ')}
       ON CONFLICT (kind, value) DO NOTHING RETURNING id`,
      params,
    );
    return rows.length;
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
      const { contact: c } = await this.findOrCreate(em, input.name ?? null, ids);
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
    for (const row of rows) {
      const id = row.id as string;
      if (!found.has(id))
        found.set(id, view(hydrate(this.contacts.manager, ContactEntity, row), []));
      found.get(id)!.identities.push({
        kind: row.identity_kind as IdentityKind,
        value: row.identity_value as string,
      });
    }
    return [...found.values()];
  }

  /** The compact form of a contact carried in case views and events. */
  async refs(em: EntityManager, ids: string[]): Promise<Map<string, ContactRef>> {
    const out = new Map<string, ContactRef>();
    if (!ids.length) return out;
    const [cs, idents] = await Promise.all([
      em.findBy(ContactEntity, { id: In(ids) }),
      em.find(ContactIdentityEntity, { where: { contactId: In(ids) }, order: { id: 'ASC' } }),
    ]);
    for (const c of cs) {
      const mine = idents.filter((i) => i.contactId === c.id);
      out.set(c.id, {
        id: c.id,
        name: c.name,
        email: mine.find((i) => i.kind === 'email')?.value ?? null,
        phone: mine.find((i) => i.kind === 'phone')?.value ?? null,
      });
    }
    return out;
  }

  private async viewIn(em: EntityManager, c: ContactEntity): Promise<ContactView> {
    const idents = await em.find(ContactIdentityEntity, {
      where: { contactId: c.id },
      order: { id: 'ASC' },
    });
    return view(
      c,
      idents.map((i) => ({ kind: i.kind, value: i.value })),
    );
  }
}

function view(c: ContactEntity, identities: Identity[]): ContactView {
  return {
    id: c.id,
    name: c.name,
    identities,
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
