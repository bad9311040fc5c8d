import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { toCaseView, type CaseState, type CaseView, type ListCasesQuery } from '@casehub/domain';
import { contactRefSql } from '../contacts/contact-ref-sql.js';
import { hydrate } from '../database/hydrate.js';
import { PgStatements } from '../database/pg-statements.js';
import { sqlParams } from '../database/sql-params.js';
import { Transactions } from '../database/transactions.js';
import { problems } from '../problems/problem.js';
import { CaseEntity } from './case.entity.js';
import { textMatch, type Param } from './text-match.js';

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
    private readonly statements: PgStatements,
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
  ) {}

  async list(q: ListCasesQuery): Promise<CasePage> {
    const pg = this.tx.dialect === 'postgres';
    const { values: params, param } = sqlParams(this.tx.dialect);
    const where = filters(q, param);
    const narrowers: Narrower[] = [];
    if (q.tag) {
      const select = `SELECT t.case_id FROM case_tags t WHERE t.tag = ${param(q.tag)}`;
      narrowers.push({ column: 'c.id', select, few: fewIn(select) });
    }
    const search = q.q ?? q.text;
    if (search) {
      const text = textMatch(this.tx.dialect, search);
      const select = text.select(param);
      const test = text.test?.(param, 'c.id');
      narrowers.push({
        column: text.column,
        select,
        few: test && `NOT ${commonAmongNewest(where, test, q.limit)} AND ${fewIn(select)}`,
      });
    }
    const contact = contactRefSql('p.contact_id');
    // Tags hold no commas (tagSchema), so one string carries them all.
    const tags = `(SELECT ${pg ? 'string_agg' : 'group_concat'}(t.tag, ',') FROM case_tags t WHERE t.case_id = p.id)`;
    const { pick, pages } =
      pg && narrowers.length ? plans(where, narrowers, q.limit) : walk(where, narrowers, q.limit);
    const sql = `${pick} SELECT p.*, ${tags} AS page_tags, ${contact.columns}
         FROM (${pages}) p
         ${contact.join}
        ORDER BY p.number DESC`;
    const rows: Record<string, unknown>[] = pg
      ? await this.statements.plain(sql, params)
      : await this.cases.query(sql, params);
    const page = rows.slice(0, q.limit);
    const items = page.map((row) => {
      const tags = row.page_tags ? (row.page_tags as string).split(',').sort() : [];
      const state = pg
        ? pgCaseState(row as unknown as PgCaseRow, tags)
        : Object.assign(hydrate(this.cases.manager, CaseEntity, row), { tags });
      return toCaseView(state, contact.of(row));
    });
    return {
      items,
      nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1].number) : null,
    };
  }
}

/** A row of `cases` as PostgreSQL's driver gives it: dates as Date, JSON parsed, as the entity has them. */
type PgCaseRow = { [K in keyof CaseEntity as SnakeCase<K & string>]: CaseEntity[K] };
type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/**
 * The case of a page's row, read straight from PostgreSQL's typed row: a page has many, and an
 * entity per row (hydrate) was a tenth of what a list allocated.
 */
function pgCaseState(r: PgCaseRow, tags: string[]): CaseState {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    description: r.description,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    contactId: r.contact_id,
    ownerId: r.owner_id,
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    tier: r.tier,
    tags,
    customFields: r.custom_fields,
    businessImpact: r.business_impact,
    followUpOf: r.follow_up_of,
    reopenCount: r.reopen_count,
    version: r.version,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A filter that narrows the cases to the ids `select` returns (a tag, a search). */
interface Narrower {
  column: string;
  select: string;
  /** PostgreSQL: true when its matches are few enough to fetch and sort (see `plans`). */
  few?: string;
}

/**
 * A page with a tag or a search is read either by walking the newest cases until it is full, or
 * by fetching every match and sorting them. The walk is right while matches are common and reads
 * the whole table when they are rare; PostgreSQL's guess of which is poor for rare words (it takes
 * a word it has no statistics for as half as rare as its rarest known one) and its costs favour
 * the walk. So the statement looks first, then runs only the plan that fits: fewer than FEW
 * matches, counted from the filter's own index ((tag, case_id), or the search index once the
 * newest cases showed the words not to be common), are fetched and sorted (`= ANY(ARRAY(…))`,
 * read through the primary key); otherwise the page is walked. Each plan sits behind a one-time
 * filter on what `pick` counted, in one statement: a round trip costs the core more than the SQL
 * it carries.
 */
// At 1,000, a tag on a tenth of a percent of a million cases was walked through 26,000 of them.
const FEW = 2000;
/**
 * Newest cases a search is first tried on, per row of the page: a page of matches among them
 * means common words, which a walk finds at once and counting in the search index would read
 * far too much of (a prefix or a common word: most of the index).
 */
const WINDOW_PER_ROW = 20;

function walk(where: string[], narrowers: Narrower[], limit: number) {
  const conds = [...where, ...narrowers.map((n) => `${n.column} IN (${n.select})`)];
  return { pick: '', pages: newest(conds, limit) };
}

/** Every plan of the page, each behind what `pick` counted, so that exactly one runs. */
function plans(where: string[], narrowers: Narrower[], limit: number) {
  const few = (i: number) => `few${i}`;
  const pick = `WITH pick AS MATERIALIZED (SELECT ${narrowers.map((n, i) => `${n.few ?? 'false'} AS ${few(i)}`).join(', ')})`;
  // Plan i runs when narrower i is the first with few matches; the walk when none is.
  const gate = (i: number | null) =>
    `(SELECT ${[
      ...narrowers.slice(0, i ?? narrowers.length).map((_, j) => `NOT ${few(j)}`),
      ...(i === null ? [] : [few(i)]),
    ].join(' AND ')} FROM pick)`;
  // The gate goes above each plan's LIMIT: below it, a parallel plan would start its workers first.
  const gated = (conds: string[], i: number | null) =>
    `SELECT * FROM (${newest(conds, limit)}) b WHERE ${gate(i)}`;
  const fetched = narrowers.map((_, i) =>
    gated(
      [
        ...where,
        ...narrowers.map((m, j) =>
          j === i
            ? `${m.column} = ANY(ARRAY(${m.select} LIMIT ${FEW}))`
            : `${m.column} IN (${m.select})`,
        ),
      ],
      i,
    ),
  );
  const walked = gated([...where, ...narrowers.map((n) => `${n.column} IN (${n.select})`)], null);
  return { pick, pages: [...fetched, walked].map((s) => `(${s})`).join(' UNION ALL ') };
}

function newest(conds: string[], limit: number): string {
  return `SELECT c.* FROM cases c ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
          ORDER BY c.number DESC LIMIT ${limit + 1}`;
}

/** Fewer than FEW rows in `select`, counted from its index. */
function fewIn(select: string): string {
  return `(SELECT count(*) FROM (${select} LIMIT ${FEW}) x) < ${FEW}`;
}

/** More than a page of matches (`test` of c.id) among the newest cases the filters let through. */
function commonAmongNewest(where: string[], test: string, limit: number): string {
  return `(SELECT count(*) FROM (
            SELECT 1 FROM (SELECT c.id FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                            ORDER BY c.number DESC LIMIT ${WINDOW_PER_ROW * (limit + 1)}) c
             WHERE ${test} LIMIT ${limit + 1}) x) > ${limit}`;
}

/** The conditions of the list's filters on cases aliased `c`, but tag and search, and its cursor. */
function filters(q: ListCasesQuery, param: Param): string[] {
  // One value as `=`: a list (IN, = ANY) cannot read a (column, number) index in number order.
  const oneOf = (column: string, values: readonly string[]) =>
    values.length === 1
      ? `${column} = ${param(values[0])}`
      : `${column} IN (${values.map(param).join(', ')})`;
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
