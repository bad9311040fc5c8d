import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { CaseView, ListCasesQuery } from '@casehub/domain';
import { ContactsService } from '../contacts/contacts.service.js';
import { Transactions } from '../database/transactions.js';
import { problems } from '../problems/problem.js';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { toCaseView } from './case-view.js';
import { textMatch } from './text-match.js';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

/**
 * Lists and searches cases, newest first (by ticket number); the cursor is the number to continue
 * below, so a page is read from an index wherever it is (no OFFSET) and stays stable while new
 * cases arrive.
 */
@Injectable()
export class CaseSearch {
  constructor(
    private readonly tx: Transactions,
    private readonly contacts: ContactsService,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
  ) {}

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
    const search = q.q ?? q.text;
    if (search) {
      const match = textMatch(this.tx.dialect, search);
      qb.andWhere(match.where, match.params);
    }
    if (q.cursor) qb.andWhere('c.number < :below', { below: decodeCursor(q.cursor) });
    const rows = await qb.getMany();
    const page = rows.slice(0, q.limit);
    const ids = page.map((c) => c.id);
    const [tags, refs] = await Promise.all([
      ids.length ? this.cases.manager.findBy(CaseTagEntity, { caseId: In(ids) }) : [],
      this.contacts.refs(this.cases.manager, [
        ...new Set(page.map((c) => c.contactId).filter((x): x is string => !!x)),
      ]),
    ]);
    return {
      items: page.map((c) =>
        toCaseView(
          c,
          tags.filter((t) => t.caseId === c.id).map((t) => t.tag),
          c.contactId ? (refs.get(c.contactId) ?? null) : null,
        ),
      ),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].number) : null,
    };
  }
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
