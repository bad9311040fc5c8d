import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { toCaseView, type CaseView, type ListCasesQuery } from '@casehub/domain';
import { contactRefSql } from '../contacts/contact-ref-sql.js';
import { hydrate } from '../database/hydrate.js';
import { sqlParams } from '../database/sql-params.js';
import { Transactions } from '../database/transactions.js';
import { problems } from '../problems/problem.js';
import { CaseEntity } from './case.entity.js';
import { textMatch, type Candidates, type Param } from './text-match.js';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

/**
 * Lists and searches cases, newest first (by ticket number); the cursor is the number to continue
 * below, so a page is read from an index wherever it is (no OFFSET) and stays stable while new
 * cases arrive. One statement answers a page with its tags and contacts: on a busy core, each
 * round trip to the database costs more than the SQL it carries.
 */
@Injectable()
export class CaseSearch {
  constructor(
    private readonly tx: Transactions,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
  ) {}

  async list(q: ListCasesQuery): Promise<CasePage> {
    const pg = this.tx.dialect === 'postgres';
    const { values: params, param } = sqlParams(this.tx.dialect);
    const where = filters(q, param);
    const tag: Candidates | null = q.tag
      ? {
          column: 'c.id',
          select: (p) => `SELECT t.case_id FROM case_tags t WHERE t.tag = ${p(q.tag)}`,
        }
      : null;
    const search = q.q ?? q.text;
    const text = search ? textMatch(this.tx.dialect, search) : null;
    const [fewTagged, fewFound] = pg
      ? await Promise.all([tag && this.fewTagged(tag), text && this.fewFound(q, text)])
      : [false, false];
    const narrow = (n: Candidates | null, few: boolean | null) => {
      if (n)
        where.push(
          few
            ? `${n.column} = ANY(ARRAY(${n.select(param)}))`
            : `${n.column} IN (${n.select(param)})`,
        );
    };
    narrow(tag, fewTagged);
    narrow(text, fewFound);
    const contact = contactRefSql('p.contact_id');
    // Tags hold no commas (tagSchema), so one string carries them all.
    const tags = `(SELECT ${pg ? 'string_agg' : 'group_concat'}(t.tag, ',') FROM case_tags t WHERE t.case_id = p.id)`;
    const rows: Record<string, unknown>[] = await this.cases.query(
      `SELECT p.*, ${tags} AS page_tags, ${contact.columns}
         FROM (SELECT c.* FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
               ORDER BY c.number DESC LIMIT ${q.limit + 1}) p
         ${contact.join}
        ORDER BY p.number DESC`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const items = page.map((row) =>
      toCaseView(
        {
          ...hydrate(this.cases.manager, CaseEntity, row),
          tags: row.page_tags ? (row.page_tags as string).split(',').sort() : [],
        },
        contact.of(row),
      ),
    );
    return {
      items,
      nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1].number) : null,
    };
  }

  /** Fewer than FEW cases have the tag: counted from (tag, case_id), index only. */
  private async fewTagged(tag: Candidates): Promise<boolean> {
    const { values, param } = sqlParams('postgres');
    const [{ n }]: { n: number }[] = await this.cases.query(
      `SELECT count(*)::int AS n FROM (${tag.select(param)} LIMIT ${FEW}) x`,
      values,
    );
    return n < FEW;
  }

  /**
   * The newest WINDOW cases the other filters let through hold less than a page of matches.
   * (Counting a common word's matches in the whole index would read much of it; the newest
   * cases are the ones a walk would read anyway, and are in memory.)
   */
  private async fewFound(q: ListCasesQuery, text: Candidates): Promise<boolean> {
    const { values, param } = sqlParams('postgres');
    const where = filters(q, param);
    const [{ n }]: { n: number }[] = await this.cases.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM (SELECT c.id FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                         ORDER BY c.number DESC LIMIT ${WINDOW}) c
          WHERE ${text.column} IN (${text.select(param)}) LIMIT ${q.limit + 1}) x`,
      values,
    );
    return n <= q.limit;
  }
}

/**
 * A page with a tag or a search is planned either by walking the newest cases until it is full,
 * or by fetching every match and sorting them. The walk is right while matches are common and
 * reads the whole table when they are rare; PostgreSQL's guess of which is poor for rare words
 * (it takes a word it has no statistics for as half as rare as its rarest known one) and its costs
 * favour the walk. So the core looks first: fewer than FEW cases with the tag (counted from
 * (tag, case_id), index only), or less than a page of matches among the newest WINDOW cases the
 * other filters let through (what a walk would read first anyway), are fetched and sorted
 * (`= ANY(ARRAY(…))`, read through the primary key); otherwise the page is walked.
 */
const FEW = 1000;
const WINDOW = 5000;

/** The conditions of the list's filters on cases aliased `c`, but tag and search, and its cursor. */
function filters(q: ListCasesQuery, param: Param): string[] {
  const oneOf = (column: string, values: readonly string[]) =>
    `${column} IN (${values.map(param).join(', ')})`;
  const where: string[] = [];
  if (q.status) where.push(oneOf('c.status', q.status));
  if (q.channel) where.push(oneOf('c.channel', q.channel));
  if (q.priority) where.push(oneOf('c.priority', q.priority));
  if (q.assignee === 'none') where.push('c.assignee_id IS NULL');
  else if (q.assignee) where.push(`c.assignee_id = ${param(q.assignee)}`);
  if (q.owner) where.push(`c.owner_id = ${param(q.owner)}`);
  if (q.group) where.push(`c.group_id = ${param(q.group)}`);
  if (q.contact) where.push(`c.contact_id = ${param(q.contact)}`);
  if (q.cursor) where.push(`c.number < ${param(decodeCursor(q.cursor))}`);
  return where;
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
