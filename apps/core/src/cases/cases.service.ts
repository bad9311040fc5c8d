import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Case,
  normalizeIdentity,
  toCaseView,
  type AssignCommand,
  type CaseView,
  type ContactRef,
  type CreateCase,
  type EscalateCommand,
  type Identity,
  type ListCasesQuery,
  type TransitionCommand,
  type UpdateCase,
} from '@casehub/domain';
import { CaseEntity } from './case.entity.js';
import { CaseWriter, type CaseCommand } from './case-writer.service.js';
import { NO_REQUEST, type RequestContext } from '../common/request-context.js';
import { CaseStore, type CaseKey, type LoadedCase } from './case-store.js';
import { caseKey, caseNotFound } from './case-ref.js';
import { CaseSearch, type CasePage } from './case-search.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { AgentsService } from '../agents/agents.service.js';
import { GroupsService } from '../groups/groups.service.js';
import { problems } from '../problems/problem.js';
import type { RowWrite } from '../database/row-write.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';

/**
 * The case API's use cases: each resolves what the command refers to (contacts, agents,
 * groups), runs the Case aggregate's command and lets the writer save the result.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly store: CaseStore,
    private readonly search: CaseSearch,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly groups: GroupsService,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Opens a case. An agent logging a contact takes ownership of it ("touch and hold"). */
  async create(
    input: CreateCase,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<CaseView> {
    const [previous, group] = await Promise.all([
      input.followUpOf ? this.referenced(input.followUpOf, '#/followUpOf') : null,
      input.groupId ? this.group(input.groupId) : null,
      input.assigneeId ? this.assignee(input.assigneeId, '#/assigneeId') : null,
    ]);
    const open = (contact: ContactRef | null, also: RowWrite[] = []) =>
      this.writer.open(
        Case.open(
          {
            id: uuidv7(),
            subject: input.subject,
            description: input.description ?? null,
            channel: input.channel,
            priority: input.priority,
            tags: input.tags,
            customFields: input.customFields,
            businessImpact: input.businessImpact ?? null,
            contactId: contact?.id ?? null,
            takenBy: by.agentId,
            assigneeId: input.assigneeId ?? null,
            group: group && { id: group.id, tier: group.tier },
            followUpOf: previous?.state ?? null,
          },
          new Date(),
        ),
        actorOf(by),
        contact,
        { also, request },
      );
    if (input.contactId) {
      const contact = await this.contacts.ref(input.contactId);
      if (!contact) throw unknown('contact', input.contactId, '#/contactId');
      return open(contact);
    }
    if (!input.contact) return open(previous?.contact ?? null);
    const ids: Identity[] = [];
    if (input.contact.email) ids.push(normalizeIdentity('email', input.contact.email));
    if (input.contact.phone) ids.push(normalizeIdentity('phone', input.contact.phone));
    return this.contacts.withContact(input.contact.name ?? null, ids, ({ ref, rows }) =>
      open(ref, rows),
    );
  }

  async get(ref: string): Promise<CaseView> {
    const loaded = await this.store.load(this.dataSource.manager, caseKey(ref));
    if (!loaded) throw caseNotFound(ref);
    return toCaseView(loaded.state, loaded.contact);
  }

  /** The id of the case `ref` names (its id or ticket number); 404 when there is none. */
  async idOf(ref: string | CaseKey): Promise<string> {
    const key = typeof ref === 'string' ? caseKey(ref) : ref;
    const c = await this.cases.findOne({ select: { id: true }, where: key });
    if (!c) throw caseNotFound(ref);
    return c.id;
  }

  /** The case with this ticket number, if it is `contactId`'s own (a number in a mail is a clue, not a key). */
  async ownCaseByNumber(number: number, contactId: string): Promise<string | null> {
    const c = await this.cases.findOne({ select: { id: true }, where: { number, contactId } });
    return c?.id ?? null;
  }

  /** `contactId`'s latest case on `channel`, whatever its status; null when they have none. */
  async latestOnChannel(contactId: string, channel: string): Promise<string | null> {
    const c = await this.cases.findOne({
      select: { id: true },
      where: { contactId, channel: channel as CaseEntity['channel'] },
      order: { number: 'DESC' },
    });
    return c?.id ?? null;
  }

  /** Newest first, filtered and searched (CaseSearch); the cursor continues below a ticket number. */
  list(q: ListCasesQuery): Promise<CasePage> {
    return this.search.list(q);
  }

  async update(
    ref: string,
    input: UpdateCase,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<CaseView> {
    const at = new Date();
    const update: CaseCommand = (c) => Case.update(c, input, at);
    return (await this.writer.change(ref, actorOf(by), update, { request })).view;
  }

  /** Moves the case through its lifecycle; an illegal move is a 409 listing the legal ones. */
  async changeStatus(
    ref: string,
    cmd: TransitionCommand,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<CaseView> {
    const at = new Date();
    const { view } = await this.writer.change(
      ref,
      actorOf(by),
      (c) => Case.transition(c, cmd.to, cmd.reason ?? null, at),
      { request },
    );
    return view;
  }

  async assign(
    ref: string,
    cmd: AssignCommand,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<CaseView> {
    const at = new Date();
    const assign: CaseCommand = async (c) => {
      const change = Case.assign(c, cmd.assigneeId, cmd.groupId, at);
      await Promise.all([
        cmd.assigneeId ? this.assignee(cmd.assigneeId, '#/assigneeId') : null,
        cmd.groupId ? this.group(cmd.groupId) : null,
      ]);
      return change;
    };
    const { view } = await this.writer.change(ref, actorOf(by), assign, { request });
    return view;
  }

  /** Warm transfer to a higher tier or another group; the owner stays, who/why/when is recorded. */
  async escalate(
    ref: string,
    cmd: EscalateCommand,
    by: Principal,
    request: RequestContext = NO_REQUEST,
  ): Promise<CaseView> {
    const at = new Date();
    const [group] = await Promise.all([
      cmd.groupId ? this.group(cmd.groupId) : null,
      cmd.assigneeId ? this.assignee(cmd.assigneeId, '#/assigneeId') : null,
    ]);
    if (group && cmd.tier !== undefined && cmd.tier !== group.tier) {
      throw problems.unprocessable(
        `Group "${group.name}" works at tier ${group.tier}, not ${cmd.tier}; leave tier out or pick that group's tier.`,
        { errors: [{ pointer: '#/tier', detail: `the group's tier is ${group.tier}` }] },
      );
    }
    const escalate: CaseCommand = async (c) => {
      const tier = cmd.tier ?? group?.tier ?? c.tier + 1;
      const change = Case.escalate(
        c,
        { tier, groupId: group?.id ?? null, assigneeId: cmd.assigneeId ?? null },
        by.agentId ?? by.keyId,
        cmd.reason,
        at,
      );
      if (!(await this.groups.tierExists(tier))) {
        throw problems.unprocessable(`Support tier ${tier} is not defined (see GET /v1/tiers).`, {
          errors: [{ pointer: '#/tier', detail: 'unknown tier' }],
        });
      }
      return change;
    };
    const { view } = await this.writer.change(ref, actorOf(by), escalate, { request });
    return view;
  }

  private async referenced(id: string, pointer: string): Promise<LoadedCase> {
    const loaded = await this.store.load(this.dataSource.manager, { id });
    if (!loaded) throw unknown('case', id, pointer);
    return loaded;
  }

  /** The agent a case goes to: one that exists (else 422) and is active (else 409). */
  private async assignee(id: string, pointer: string) {
    const agent = await this.agents.find(id);
    if (!agent) throw unknown('agent', id, pointer);
    if (!agent.active)
      throw problems.conflict(
        `Agent ${agent.name} is deactivated and takes no cases: assign an active agent, or reactivate this one first.`,
        { errors: [{ pointer, detail: 'deactivated agent' }] },
      );
    return agent;
  }

  private async group(id: string) {
    const group = await this.groups.find(id);
    if (!group) throw unknown('group', id, '#/groupId');
    return group;
  }
}

/** A referenced row that does not exist: a 422 pointing at the field. */
export function unknown(what: string, id: string, pointer: string) {
  return problems.unprocessable(`No ${what} has id ${id}.`, {
    errors: [{ pointer, detail: `unknown ${what}` }],
  });
}
