/**
 * What `pnpm bench:reads` asks, as an agent's screen would: each kind of read as an HTTP path
 * for the core and the same query through `pg` for the baseline, with a pool of instances (which
 * agent, which group, which page) drawn from the seeded data.
 */
import pg from 'pg';
import { RARE_WORDS, rng, pick } from './reads-corpus.js';
import type { Directory } from './reads-seed.js';

/** One request: the core's path, the baseline's SQL, and how each answer names what it found. */
export interface Instance {
  path: string;
  sql: string;
  params: unknown[];
}

export interface ReadKind {
  name: string;
  /** What it stands for, for the report. */
  what: string;
  /** What both answers list, compared once before measuring: case numbers, sequences or ids. */
  found: 'numbers' | 'sequences' | 'contacts';
  instances: Instance[];
}

interface ListFilter {
  status?: string[];
  channel?: string[];
  assignee?: string;
  group?: string;
  tag?: string;
  search?: Search;
  below?: number;
}

/** A search: `q` as a client writes it, and the same tsquery the core makes of it. */
interface Search {
  q: string;
  tsquery: (param: string) => string;
  value: string;
}

const word = (w: string): Search => ({
  q: w,
  tsquery: (p) => `phraseto_tsquery('casehub_search', case_search_words(${p}))`,
  value: w,
});
const prefix = (stem: string): Search => ({
  q: `${stem}*`,
  tsquery: (p) => `to_tsquery('casehub_search', ${p})`,
  value: `${stem}:*`,
});

const LIMIT = 25;

function listPath(f: ListFilter): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status.join(','));
  if (f.channel) q.set('channel', f.channel.join(','));
  if (f.assignee) q.set('assignee', f.assignee);
  if (f.group) q.set('group', f.group);
  if (f.tag) q.set('tag', f.tag);
  if (f.search) q.set('q', f.search.q);
  if (f.below) q.set('cursor', Buffer.from(`n:${f.below}`).toString('base64url'));
  q.set('limit', String(LIMIT));
  return `/v1/cases?${q.toString()}`;
}

/** The page the core answers, its tags and contacts, in one statement. */
const FEW = 1000;
const tagCandidates = (param: string) => `SELECT t.case_id FROM case_tags t WHERE t.tag = ${param}`;
const searchCandidates = (search: Search, param: string) =>
  `SELECT s.case_id FROM case_search s WHERE s.document @@ ${search.tsquery(param)}`;

/** Whether fewer than FEW cases match (the core counts the same before it picks a plan). */
async function fewMatch(db: pg.Client, candidates: string, value: string): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${candidates} LIMIT ${FEW}) x`,
    [value],
  );
  return rows[0].n < FEW;
}

function listSql(
  f: ListFilter,
  few: { tag?: boolean; search?: boolean },
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.status) where.push(`c.status = ANY(${p(f.status)}::varchar[])`);
  if (f.channel) where.push(`c.channel = ANY(${p(f.channel)}::varchar[])`);
  if (f.assignee) where.push(`c.assignee_id = ${p(f.assignee)}`);
  if (f.group) where.push(`c.group_id = ${p(f.group)}`);
  // As the core does: fewer than FEW matches are fetched first, more are walked newest first.
  const narrow = (few: boolean | undefined, candidates: string) =>
    where.push(few ? `c.id = ANY(ARRAY(${candidates}))` : `c.id IN (${candidates})`);
  if (f.tag) narrow(few.tag, tagCandidates(p(f.tag)));
  if (f.search) narrow(few.search, searchCandidates(f.search, p(f.search.value)));
  if (f.below) where.push(`c.number < ${p(f.below)}`);
  const sql = `WITH page AS (
      SELECT * FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.number DESC LIMIT ${LIMIT + 1})
    SELECT p.*,
      ARRAY(SELECT t.tag FROM case_tags t WHERE t.case_id = p.id ORDER BY t.tag) AS tags,
      ct.name AS contact_name,
      (SELECT i.value FROM contact_identities i WHERE i.contact_id = ct.id AND i.kind = 'email' ORDER BY i.id LIMIT 1) AS email,
      (SELECT i.value FROM contact_identities i WHERE i.contact_id = ct.id AND i.kind = 'phone' ORDER BY i.id LIMIT 1) AS phone
    FROM page p LEFT JOIN contacts ct ON ct.id = p.contact_id ORDER BY p.number DESC`;
  return { sql, params };
}

/**
 * The kinds of reads, each with up to `n` instances drawn from the database of `cases` cases.
 * Selectivities at 1M cases are in the `what` of each kind (see reads-corpus.ts, reads-seed.ts).
 */
export async function readKinds(
  db: pg.Client,
  dir: Directory,
  cases: number,
  n = 200,
): Promise<ReadKind[]> {
  const r = rng(cases);
  const deep = () => Math.floor(cases * (0.05 + 0.9 * r()));
  const many = <T>(f: () => T) => Array.from({ length: n }, f);
  const sample = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ v: string }>(sql, params)).rows.map((x) => x.v);
  const busyAgents = await sample(
    `SELECT assignee_id AS v FROM cases WHERE status IN ('open', 'pending') AND assignee_id IS NOT NULL
      GROUP BY 1 ORDER BY count(*) DESC LIMIT 100`,
  );
  const numbers = many(() => 1 + Math.floor(r() * cases));
  const caseIds = await sample(`SELECT id AS v FROM cases WHERE number = ANY($1)`, [numbers]);
  const identities = async (kind: string) =>
    sample(
      `SELECT value AS v FROM contact_identities TABLESAMPLE BERNOULLI (1) REPEATABLE (7)
        WHERE kind = $1 LIMIT ${n}`,
      [kind],
    );
  const [emails, phones] = [await identities('email'), await identities('phone')];
  const rareTag = 'topic-180';
  const commonTag = 'billing';
  const few = new Map<string, boolean>();
  for (const t of [rareTag, commonTag])
    few.set(`tag:${t}`, await fewMatch(db, tagCandidates('$1'), t));
  for (const w of [word('rechnung'), word('facture'), prefix('rembours'), ...RARE_WORDS.map(word)])
    few.set(`q:${w.q}`, await fewMatch(db, searchCandidates(w, '$1'), w.value));
  const list = (f: ListFilter): Instance => ({
    path: listPath(f),
    ...listSql(f, {
      tag: f.tag ? few.get(`tag:${f.tag}`) : undefined,
      search: f.search ? few.get(`q:${f.search.q}`) : undefined,
    }),
  });
  return [
    {
      name: 'list newest',
      what: 'no filter, first page',
      found: 'numbers',
      instances: [list({})],
    },
    {
      name: 'status closed',
      what: 'a common status (~90%), first page',
      found: 'numbers',
      instances: [list({ status: ['closed'] })],
    },
    {
      name: 'status closed, deep',
      what: 'a common status, a page anywhere in it',
      found: 'numbers',
      instances: many(() => list({ status: ['closed'], below: deep() })),
    },
    {
      name: "assignee's open",
      what: "an agent's open and pending cases",
      found: 'numbers',
      instances: busyAgents.map((a) => list({ assignee: a, status: ['open', 'pending'] })),
    },
    {
      name: 'group queue',
      what: "a group's new and open cases",
      found: 'numbers',
      instances: dir.groups.map((g) => list({ group: g, status: ['new', 'open'] })),
    },
    {
      name: 'group, deep',
      what: "a group's cases (~2.5%), a page anywhere",
      found: 'numbers',
      instances: many(() => list({ group: pick(r, dir.groups), below: deep() })),
    },
    {
      name: 'channel',
      what: 'sms (~4%), first page',
      found: 'numbers',
      instances: [list({ channel: ['sms'] })],
    },
    {
      name: 'channel + status',
      what: 'fax (~0.3%) and resolved, first page',
      found: 'numbers',
      instances: [list({ channel: ['fax'], status: ['resolved'] })],
    },
    {
      name: 'tag rare',
      what: `${rareTag} (~0.1%), first page`,
      found: 'numbers',
      instances: [list({ tag: rareTag })],
    },
    {
      name: 'tag common, deep',
      what: `${commonTag} (~30%), a page anywhere`,
      found: 'numbers',
      instances: many(() => list({ tag: commonTag, below: deep() })),
    },
    {
      name: 'tag + status',
      what: `${commonTag} and open`,
      found: 'numbers',
      instances: [list({ tag: commonTag, status: ['open'] })],
    },
    {
      name: 'search many',
      what: '"rechnung" (German invoice: many cases)',
      found: 'numbers',
      instances: [list({ search: word('rechnung') })],
    },
    {
      name: 'search many, deep',
      what: '"rechnung", a page anywhere',
      found: 'numbers',
      instances: many(() => list({ search: word('rechnung'), below: deep() })),
    },
    {
      name: 'search few',
      what: 'a rare word (~0.01%, in messages)',
      found: 'numbers',
      instances: RARE_WORDS.map((w) => list({ search: word(w) })),
    },
    {
      name: 'search prefix',
      what: 'rembours* (French refunds: many cases)',
      found: 'numbers',
      instances: [list({ search: prefix('rembours') })],
    },
    {
      name: 'search + status',
      what: '"facture" in open cases',
      found: 'numbers',
      instances: [list({ search: word('facture'), status: ['open'] })],
    },
    {
      name: 'timeline',
      what: "a case's events",
      found: 'sequences',
      instances: caseIds.map((id) => ({
        path: `/v1/cases/${id}/timeline`,
        sql: `SELECT e.aggregate_sequence, e.payload FROM cases c
                JOIN outbox_events e ON e.aggregate_id = c.id
               WHERE c.id = $1 ORDER BY e.aggregate_sequence`,
        params: [id],
      })),
    },
    {
      name: 'contact by email',
      what: 'an email address, as typed',
      found: 'contacts',
      instances: emails.map((e) => contactLookup('email', e, e[0].toUpperCase() + e.slice(1))),
    },
    {
      name: 'contact by phone',
      what: 'a phone number, as typed',
      found: 'contacts',
      instances: phones.map((p) => contactLookup('phone', p, `${p.slice(0, 3)} ${p.slice(3)}`)),
    },
  ];
}

function contactLookup(kind: string, value: string, typed: string): Instance {
  return {
    path: `/v1/contacts?${kind}=${encodeURIComponent(typed)}`,
    sql: `SELECT ct.id, ct.name, ct.created_at, ct.updated_at,
            json_agg(json_build_object('kind', a.kind, 'value', a.value) ORDER BY a.id) AS identities
            FROM contact_identities i JOIN contacts ct ON ct.id = i.contact_id
            JOIN contact_identities a ON a.contact_id = ct.id
           WHERE i.kind = $1 AND i.value = $2 GROUP BY ct.id`,
    params: [kind, value],
  };
}

/** What an answer found, to compare the core's with the baseline's. */
export function foundByCore(kind: ReadKind, body: string): string {
  const json = JSON.parse(body) as { items: Record<string, unknown>[] };
  const key = { numbers: 'number', sequences: 'sequence', contacts: 'id' }[kind.found];
  return json.items.map((x) => String(x[key])).join(',');
}

export function foundByBaseline(kind: ReadKind, rows: Record<string, unknown>[]): string {
  const key = { numbers: 'number', sequences: 'aggregate_sequence', contacts: 'id' }[kind.found];
  const all = rows.map((x) => String(x[key]));
  return (kind.found === 'numbers' ? all.slice(0, LIMIT) : all).join(',');
}
