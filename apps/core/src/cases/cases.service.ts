import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  assign,
  escalate,
  normalizeIdentity,
  transition,
  type CaseView,
  type Identity,
} from '@casehub/domain';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { CaseEscalationEntity } from './case-escalation.entity.js';
import { CaseWriter, type CaseMutation } from './case-writer.service.js';
import { caseNotFound, caseWhere } from './case-ref.js';
import { CaseSearch, type CasePage } from './case-search.js';
import type { CreateCase } from '@casehub/domain';
import type { UpdateCase } from '@casehub/domain';
import type { AssignCommand, EscalateCommand, TransitionCommand } from '@casehub/domain';
import type { ListCasesQuery } from '@casehub/domain';
import { ContactsService } from '../contacts/contacts.service.js';
import { ContactEntity } from '../contacts/contact.entity.js';
import { AgentEntity } from '../agents/agent.entity.js';
import { GroupEntity, SupportTierEntity } from '../groups/group.entity.js';
import { problems } from '../problems/problem.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';

@Injectable()
export class CasesService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly search: CaseSearch,
    private readonly contacts: ContactsService,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
  ) {}

  /** Opens a case. An agent logging a contact takes ownership of it ("touch and hold"). */
  create(input: CreateCase, by: Principal): Promise<CaseView> {
    return this.writer.create(actorOf(by), async (m) => {
      const { em, at } = m;
      const previous = input.followUpOf ? await this.closedCase(em, input.followUpOf) : null;
      const contactId = (await this.resolveContact(m, input)) ?? previous?.contactId ?? null;
      const assigneeId = input.assigneeId ?? by.agentId;
      if (input.assigneeId)
        await mustExist(em, AgentEntity, input.assigneeId, '#/assigneeId', 'agent');
      const group = input.groupId
        ? await mustExist(em, GroupEntity, input.groupId, '#/groupId', 'group')
        : null;
      // The agent logging the contact took it: they own the case whoever works it.
      const ownership = assign(
        { ownerId: by.agentId, assigneeId: null, groupId: null, tier: group?.tier ?? 1 },
        assigneeId ?? null,
        group?.id ?? null,
      );
      m.setTags(input.tags);
      m.emit('case.created', {});
      return em.create(CaseEntity, {
        id: uuidv7(),
        number: 0, // allocated by the INSERT (CaseWriter)
        subject: input.subject,
        description: input.description ?? null,
        status: 'new',
        priority: input.priority,
        channel: input.channel,
        contactId,
        ...ownership,
        customFields: input.customFields,
        businessImpact: input.businessImpact ?? null,
        followUpOf: previous?.id ?? null,
        reopenCount: 0,
        version: 0,
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
        createdAt: at,
        updatedAt: at,
      });
    });
  }

  async get(ref: string): Promise<CaseView> {
    const c = await this.cases.findOneBy(caseWhere(ref));
    if (!c) throw caseNotFound(ref);
    return this.writer.view(this.cases.manager, c);
  }

  /** The id of the case `ref` names (its id or ticket number); 404 when there is none. */
  async idOf(ref: string): Promise<string> {
    const c = await this.cases.findOne({ select: { id: true }, where: caseWhere(ref) });
    if (!c) throw caseNotFound(ref);
    return c.id;
  }

  /** Newest first, filtered and searched: see CaseSearch. */
  list(q: ListCasesQuery): Promise<CasePage> {
    return this.search.list(q);
  }

  update(ref: string, input: UpdateCase, by: Principal): Promise<CaseView> {
    return this.writer.mutate(ref, actorOf(by), async (c, m) => {
      const changed: string[] = [];
      const set = <K extends 'subject' | 'description' | 'priority' | 'businessImpact'>(
        k: K,
        v: CaseEntity[K] | undefined,
      ) => {
        if (v !== undefined && JSON.stringify(v) !== JSON.stringify(c[k])) {
          c[k] = v;
          changed.push(k);
        }
      };
      set('subject', input.subject);
      set('description', input.description);
      set('priority', input.priority);
      set('businessImpact', input.businessImpact);
      if (input.customFields) {
        const merged = { ...c.customFields };
        for (const [k, v] of Object.entries(input.customFields)) {
          if (v === null) delete merged[k];
          else merged[k] = v;
        }
        if (JSON.stringify(merged) !== JSON.stringify(c.customFields)) {
          c.customFields = merged;
          changed.push('customFields');
        }
      }
      if (input.tags) {
        const current = (await m.em.findBy(CaseTagEntity, { caseId: c.id }))
          .map((t) => t.tag)
          .sort();
        const next = [...new Set(input.tags)].sort();
        if (JSON.stringify(current) !== JSON.stringify(next)) {
          m.setTags(next);
          changed.push('tags');
        }
      }
      if (changed.length) m.emit('case.updated', { changed });
    });
  }

  /** Moves the case through its lifecycle; an illegal move is a 409 listing the legal ones. */
  changeStatus(ref: string, cmd: TransitionCommand, by: Principal): Promise<CaseView> {
    return this.writer.mutate(ref, actorOf(by), (c, m) => {
      const from = c.status;
      Object.assign(c, transition(c, cmd.to, m.at));
      m.emit('case.status_changed', { from, to: cmd.to, reason: cmd.reason ?? null });
      if (cmd.to === 'resolved') m.emit('case.resolved', {});
      if (cmd.to === 'closed') m.emit('case.closed', {});
      if (from === 'resolved' && cmd.to === 'open') m.emit('case.reopened', { reason: 'agent' });
    });
  }

  assign(ref: string, cmd: AssignCommand, by: Principal): Promise<CaseView> {
    return this.writer.mutate(ref, actorOf(by), async (c, m) => {
      if (c.status === 'closed')
        throw problems.conflict(`Case #${c.number} is closed; open a follow-up case instead.`);
      if (cmd.assigneeId)
        await mustExist(m.em, AgentEntity, cmd.assigneeId, '#/assigneeId', 'agent');
      if (cmd.groupId) await mustExist(m.em, GroupEntity, cmd.groupId, '#/groupId', 'group');
      const from = c.assigneeId;
      Object.assign(c, assign(c, cmd.assigneeId, cmd.groupId));
      m.emit('case.assigned', {
        fromAssigneeId: from,
        toAssigneeId: c.assigneeId,
        groupId: c.groupId,
      });
    });
  }

  /** Warm transfer to a higher tier or another group; the owner stays, who/why/when is recorded. */
  escalate(ref: string, cmd: EscalateCommand, by: Principal): Promise<CaseView> {
    const actor = actorOf(by);
    return this.writer.mutate(ref, actor, async (c, m) => {
      if (c.status === 'resolved' || c.status === 'closed') {
        throw problems.conflict(
          `Case #${c.number} is ${c.status}; only active cases can be escalated.`,
        );
      }
      const group = cmd.groupId
        ? await mustExist(m.em, GroupEntity, cmd.groupId, '#/groupId', 'group')
        : null;
      if (cmd.assigneeId)
        await mustExist(m.em, AgentEntity, cmd.assigneeId, '#/assigneeId', 'agent');
      if (group && cmd.tier !== undefined && cmd.tier !== group.tier) {
        throw problems.unprocessable(
          `Group "${group.name}" works at tier ${group.tier}, not ${cmd.tier}; leave tier out or pick that group's tier.`,
          { errors: [{ pointer: '#/tier', detail: `the group's tier is ${group.tier}` }] },
        );
      }
      const tier = cmd.tier ?? group?.tier ?? c.tier + 1;
      if (!(await m.em.existsBy(SupportTierEntity, { level: tier }))) {
        throw problems.unprocessable(`Support tier ${tier} is not defined (see GET /v1/tiers).`, {
          errors: [{ pointer: '#/tier', detail: 'unknown tier' }],
        });
      }
      const { ownership, escalation } = escalate(
        c,
        { tier, groupId: group?.id ?? null, assigneeId: cmd.assigneeId ?? null },
        by.agentId ?? by.keyId,
        cmd.reason,
        m.at,
      );
      Object.assign(c, ownership);
      await m.em.insert(CaseEscalationEntity, { id: uuidv7(), caseId: c.id, ...escalation });
      m.emit('case.escalated', { escalation: { ...escalation, at: escalation.at.toISOString() } });
    });
  }

  /** A closed case is final: later contact about it opens a follow-up case linked to it. */
  private async closedCase(em: EntityManager, id: string): Promise<CaseEntity> {
    const previous = await mustExist(em, CaseEntity, id, '#/followUpOf', 'case');
    if (previous.status !== 'closed') {
      throw problems.conflict(
        `Case #${previous.number} is ${previous.status}, not closed: add to it (or reopen it) instead.`,
      );
    }
    return previous;
  }

  private async resolveContact(m: CaseMutation, input: CreateCase): Promise<string | null> {
    const { em } = m;
    if (input.contactId) {
      await mustExist(em, ContactEntity, input.contactId, '#/contactId', 'contact');
      return input.contactId;
    }
    if (!input.contact) return null;
    const ids: Identity[] = [];
    if (input.contact.email) ids.push(normalizeIdentity('email', input.contact.email));
    if (input.contact.phone) ids.push(normalizeIdentity('phone', input.contact.phone));
    const { contact, ref } = await this.contacts.findOrCreate(em, input.contact.name ?? null, ids);
    if (ref) m.knowContact(ref);
    return contact.id;
  }
}

/** A referenced row that must exist; else a 422 pointing at the field. */
export async function mustExist<T extends { id: string }>(
  em: EntityManager,
  entity: new () => T,
  id: string,
  pointer: string,
  what: string,
): Promise<T> {
  const row = await em.findOneBy(entity, { id } as never);
  if (!row)
    throw problems.unprocessable(`No ${what} has id ${id}.`, {
      errors: [{ pointer, detail: `unknown ${what}` }],
    });
  return row;
}
