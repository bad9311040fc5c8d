import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  isOptedOut,
  replacesConsent,
  type Actor,
  type Channel,
  type ConsentState,
  type ConsentTopic,
  type Identity,
} from '@casehub/domain';
import { Transactions } from '../database/transactions.js';
import { sqlParams } from '../database/sql-params.js';
import { insertRows } from '../database/insert-rows.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { ContactConsentEntity } from './contact-consent.entity.js';
import { ContactsService } from './contacts.service.js';

/** A customer's word on being messaged on a channel, and where it came from. */
export interface ConsentRecord {
  /** Who: the contact holding this address (a new one if nobody does), or this contact. */
  readonly who: { identity: Identity } | { contactId: string };
  readonly channel: Channel;
  readonly topic: ConsentTopic;
  readonly state: ConsentState;
  /** When the customer said so; an older record never undoes a newer one. */
  readonly at: Date;
  readonly source: string;
  readonly actor: Actor;
}

export type ConsentOutcome = { kind: 'recorded' | 'unchanged'; contactId: string };

/**
 * Consent kept on the contact, per channel: STOP and START from the customer, opt-outs the
 * provider reports. The core refuses to queue a public reply to a contact opted out of its
 * channel, so no plugin can send one by mistake.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly tx: Transactions,
    private readonly contacts: ContactsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Records `r` for the contact holding its identity (a new contact if nobody does) and
   * publishes `contact.opted_out` / `contact.opted_in` when it changes where they stand.
   */
  record(r: ConsentRecord): Promise<ConsentOutcome> {
    return this.tx.run(async (em) => {
      const contact =
        'identity' in r.who
          ? await this.contacts.findOrCreateIn(em, null, [r.who.identity])
          : await this.contacts.existingIn(em, r.who.contactId);
      // Locks the contact: its consent events are numbered one after the other.
      const version = await this.lockVersion(em, contact.id);
      const kept = await em.findOneBy(ContactConsentEntity, {
        contactId: contact.id,
        channel: r.channel,
        topic: r.topic,
      });
      if (kept && !replacesConsent(kept.at, r.at))
        return { kind: 'unchanged', contactId: contact.id };
      await em.save(ContactConsentEntity, {
        contactId: contact.id,
        channel: r.channel,
        topic: r.topic,
        state: r.state,
        at: r.at,
        source: r.source.slice(0, 200),
      });
      // The same state again (a second STOP) moves its time, but says nothing new.
      if (kept?.state === r.state) return { kind: 'unchanged', contactId: contact.id };
      const sequence = version + 1;
      await em.update('contacts', { id: contact.id }, { consentVersion: sequence });
      const ref = (await this.contacts.refsIn(em, [contact.id])).get(contact.id)!;
      const name = r.state === 'opted_out' ? 'contact.opted_out' : 'contact.opted_in';
      const [row] = this.outbox.rows(
        [
          {
            name,
            sequence,
            data: {
              contact: ref,
              channel: r.channel,
              topic: r.topic,
              at: r.at.toISOString(),
              source: r.source,
              // The customer speaking for themselves: the contact found or made for them.
              actor: r.actor.type === 'contact' ? { type: 'contact', id: contact.id } : r.actor,
            },
          },
        ],
        contact.id,
        new Date(),
      );
      if (row.kind === 'insert') await insertRows(em, OutboxEventEntity, [row.values]);
      return { kind: 'recorded', contactId: contact.id };
    });
  }

  /** Whether the contact opted out of being sent `topic` on `channel` (STOP covers every topic). */
  async optedOut(contactId: string, channel: Channel, topic: ConsentTopic): Promise<boolean> {
    const kept = await this.tx.dataSource.manager.findBy(ContactConsentEntity, {
      contactId,
      channel,
      state: 'opted_out',
    });
    return isOptedOut(kept, channel, topic);
  }

  private async lockVersion(em: EntityManager, contactId: string): Promise<number> {
    const pg = this.tx.dialect === 'postgres';
    const { values, param } = sqlParams(this.tx.dialect);
    // SQLite takes one writer at a time already (Transactions serialises them).
    const rows: { consent_version: number }[] = await em.query(
      `SELECT consent_version FROM contacts WHERE id = ${param(contactId)}${pg ? ' FOR UPDATE' : ''}`,
      values,
    );
    return Number(rows[0].consent_version);
  }
}
