import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type DataSource, type Repository } from 'typeorm';
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
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { CaseWriter } from './case-writer.service.js';
import { CaseStore, type CaseKey, type LoadedCase } from './case-store.js';
import { caseKey, caseNotFound } from './case-ref.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { AgentsService } from '../agents/agents.service.js';
import { GroupsService } from '../groups/groups.service.js';
import { problems } from '../problems/problem.js';
import { Transactions } from '../database/transactions.js';
import type { RowWrite } from '../database/row-write.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

/**
 * The case API's use cases: each resolves what the command refers to (contacts, agents,
 * groups), runs the Case aggregate's command and lets the writer save the result.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly writer: CaseWriter,
    private readonly store: CaseStore,
    private readonly tx: Transactions,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly groups: GroupsService,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Opens a case. An agent logging a contact takes ownership of it ("touch and hold"). */
  async create(input: CreateCase, by: Principal): Promise<CaseView> {
    const [previous, group] = await Promise.all([
      input.followUpOf ? this.referenced(input.followUpOf, '#/followUpOf') : null,
      input.groupId ? this.group(input.groupId) : null,
      input.assigneeId ? this.agent(input.assigneeId, '#/assigneeId') : null,
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
        also,
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

  /** Newest first; the cursor is the ticket number to continue below. */
  async list(q: ListCasesQuery): Promise<CasePage> {
    const qb = this.cases
      .createQueryBuilder('c')
      .orderBy('c.number', 'DESC')
      .take(q.limit + 1);
    if (q.status) qb.andWhere('c.status IN (:...status)', { status: q.status });
    if (q.channel) qb.andWhere('c.channel IN (:...channel)', { channel: q.channel });
    if (q.priority) qb.andWhere('c.priority IN (:...priority)', { priority: q.priority });
    if (q.assignee === 'none') qb.andWhere('c.assigneeId IS NULL');
    else if (q.assignee) qb.andWhere('c.assigneeId = :assignee', { assignee: q.assignee });
    if (q.owner) qb.andWhere('c.ownerId = :owner', { owner: q.owner });
    if (q.group) qb.andWhere('c.groupId = :group', { group: q.group });
    if (q.contact) qb.andWhere('c.contactId = :contact', { contact: q.contact });
    if (q.tag) {
      qb.andWhere('EXISTS (SELECT 1 FROM case_tags t WHERE t.case_id = c.id AND t.tag = :tag)', {
        tag: q.tag,
      });
    }
    if (q.text) {
      const like = this.tx.dialect === 'postgres' ? 'ILIKE' : 'LIKE';
      const text = `%${q.text.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`c.subject ${like} :text ESCAPE '\\'`, { text })
            .orWhere(`c.description ${like} :text ESCAPE '\\'`, { text }),
        ),
      );
    }
    if (q.cursor) {
      const below = decodeCursor(q.cursor);
      qb.andWhere('c.number < :below', { below });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, q.limit);
    const ids = page.map((c) => c.id);
    const [tags, refs] = await Promise.all([
      ids.length ? this.cases.manager.findBy(CaseTagEntity, { caseId: In(ids) }) : [],
      this.contacts.refs([
        ...new Set(page.map((c) => c.contactId).filter((x): x is string => !!x)),
      ]),
    ]);
    return {
      items: page.map((c) =>
        toCaseView(
          {
            ...c,
            tags: tags
              .filter((t) => t.caseId === c.id)
              .map((t) => t.tag)
              .sort(),
          },
          c.contactId ? (refs.get(c.contactId) ?? null) : null,
        ),
      ),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].number) : null,
    };
  }

  async update(ref: string, input: UpdateCase, by: Principal): Promise<CaseView> {
    const at = new Date();
    return (await this.writer.change(ref, actorOf(by), (c) => Case.update(c, input, at))).view;
  }

  /** Moves the case through its lifecycle; an illegal move is a 409 listing the legal ones. */
  async changeStatus(ref: string, cmd: TransitionCommand, by: Principal): Promise<CaseView> {
    const at = new Date();
    const { view } = await this.writer.change(ref, actorOf(by), (c) =>
      Case.transition(c, cmd.to, cmd.reason ?? null, at),
    );
    return view;
  }

  async assign(ref: string, cmd: AssignCommand, by: Principal): Promise<CaseView> {
    const at = new Date();
    const { view } = await this.writer.change(ref, actorOf(by), async (c) => {
      const change = Case.assign(c, cmd.assigneeId, cmd.groupId, at);
      await Promise.all([
        cmd.assigneeId ? this.agent(cmd.assigneeId, '#/assigneeId') : null,
        cmd.groupId ? this.group(cmd.groupId) : null,
      ]);
      return change;
    });
    return view;
  }

  /** Warm transfer to a higher tier or another group; the owner stays, who/why/when is recorded. */
  async escalate(ref: string, cmd: EscalateCommand, by: Principal): Promise<CaseView> {
    const at = new Date();
    const [group] = await Promise.all([
      cmd.groupId ? this.group(cmd.groupId) : null,
      cmd.assigneeId ? this.agent(cmd.assigneeId, '#/assigneeId') : null,
    ]);
    if (group && cmd.tier !== undefined && cmd.tier !== group.tier) {
      throw problems.unprocessable(
        `Group "${group.name}" works at tier ${group.tier}, not ${cmd.tier}; leave tier out or pick that group's tier.`,
        { errors: [{ pointer: '#/tier', detail: `the group's tier is ${group.tier}` }] },
      );
    }
    const { view } = await this.writer.change(ref, actorOf(by), async (c) => {
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
    });
    return view;
  }

  private async referenced(id: string, pointer: string): Promise<LoadedCase> {
    const loaded = await this.store.load(this.dataSource.manager, { id });
    if (!loaded) throw unknown('case', id, pointer);
    return loaded;
  }

  private async agent(id: string, pointer: string) {
    const agent = await this.agents.find(id);
    if (!agent) throw unknown('agent', id, pointer);
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

function encodeCursor(n: number): string {
  return Buffer.from(`n:${n}`).toString('base64url');
}

function decodeCursor(s: string): number {
  const m = /^n:(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m)
    throw problems.validation('The cursor is not one this API gave out.', {
      errors: [{ pointer: '#/cursor', detail: 'invalid cursor' }],
    });
  return Number(m[1]);
}
