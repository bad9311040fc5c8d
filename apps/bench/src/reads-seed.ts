/**
 * Seeds `pnpm bench:reads`'s database with COPY: groups and agents once, then cases with their
 * contacts and identities, messages, tags and the outbox rows (the timeline) each case has, as the
 * core would have written them. Cases are made in batches, two COPY connections in turn; a
 * batch's tables go in the order the core writes them (a case's messages and its contact before
 * the case, its tags and events after), so triggers and foreign keys see what they would.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import {
  caseText,
  language,
  personName,
  pick,
  rng,
  tagsOf,
  weighted,
  zipf,
} from './reads-corpus.js';

export const AGENTS = 300;
export const GROUPS = 40;
/** Each case's contact is new with this probability, else a returning customer. */
const CONTACTS_PER_CASE = 0.6;
const BATCH = 2000;
const SPACING_MS = 90_000;

export interface Directory {
  agents: { id: string; groupId: string }[];
  groups: string[];
}

/** Groups and agents (a few hundred, each in a group), by COPY. */
export async function seedDirectory(url: string, at: Date): Promise<Directory> {
  const r = rng(7);
  const groups = Array.from({ length: GROUPS }, () => uuidv7());
  const agents = Array.from({ length: AGENTS }, () => ({ id: uuidv7(), groupId: pick(r, groups) }));
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await copy(
      db,
      'groups',
      ['id', 'name', 'tier', 'description', 'created_at'],
      [groups.map((id, i) => row([id, `Queue ${i + 1}`, i % 5 === 4 ? 2 : 1, null, at]))],
    );
    await copy(
      db,
      'agents',
      ['id', 'name', 'email', 'role', 'group_id', 'active', 'created_at'],
      [
        agents.map((a, i) =>
          row([
            a.id,
            `Agent ${i + 1}`,
            `agent${i + 1}@support.example`,
            i < 20 ? 'supervisor' : 'agent',
            a.groupId,
            true,
            at,
          ]),
        ),
      ],
    );
  } finally {
    await db.end();
  }
  return { agents, groups };
}

/**
 * Adds cases `from`..`to` (ticket numbers) and everything they hold. Secondary indexes of the
 * tables it fills are dropped first and built again at the end (as a bulk load does); then the
 * tables are vacuumed and analysed, as autovacuum would have done by then.
 */
export async function seedCases(
  url: string,
  dir: Directory,
  range: { from: number; to: number; max: number },
  end: Date,
): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const indexes = await dropIndexes(admin);
    const conns = await Promise.all(
      [0, 1].map(async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    try {
      let next = range.from;
      const lane = async (db: pg.Client) => {
        while (next <= range.to) {
          const from = next;
          const to = Math.min(range.to, from + BATCH - 1);
          next = to + 1;
          await writeBatch(
            db,
            makeBatch(dir, { from, to, newest: range.to, max: range.max }, end.getTime()),
          );
        }
      };
      await Promise.all(conns.map(lane));
    } finally {
      await Promise.all(conns.map((c) => c.end()));
    }
    await admin.query(`SELECT setval('case_number_seq', $1)`, [range.to]);
    await admin.query(`SET maintenance_work_mem = '512MB'`);
    for (const sql of indexes) await admin.query(sql);
    await admin.query('VACUUM ANALYZE');
  } finally {
    await admin.end();
  }
}

/**
 * Tables whose indexes wait for the end of a load. Not messages: the search index's trigger reads
 * a new case's messages by case.
 */
const TABLES = [
  'contacts',
  'contact_identities',
  'cases',
  'case_tags',
  'outbox_events',
  'case_search',
];

/** Drops the indexes of these tables that back no constraint; returns how to build them again. */
async function dropIndexes(db: pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [TABLES],
  );
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

// ---------------------------------------------------------------------------------------------
// One batch of cases, as COPY text rows per table.

const COLUMNS = {
  contacts: ['id', 'name', 'created_at', 'updated_at'],
  contact_identities: ['id', 'contact_id', 'kind', 'value'],
  messages: [
    'id',
    'case_id',
    'visibility',
    'author_type',
    'author_id',
    'body',
    'attachments',
    'channel',
    'provider_message_id',
    'delivery_status',
    'delivery_error',
    'created_at',
  ],
  cases: [
    'id',
    'number',
    'subject',
    'description',
    'status',
    'priority',
    'channel',
    'contact_id',
    'owner_id',
    'assignee_id',
    'group_id',
    'tier',
    'custom_fields',
    'business_impact',
    'follow_up_of',
    'reopen_count',
    'version',
    'first_response_at',
    'resolved_at',
    'closed_at',
    'created_at',
    'updated_at',
  ],
  case_tags: ['case_id', 'tag'],
  outbox_events: [
    'id',
    'aggregate_id',
    'aggregate_sequence',
    'name',
    'subject',
    'payload',
    'traceparent',
    'created_at',
    'published_at',
    'attempts',
    'last_error',
  ],
} as const;
type Table = keyof typeof COLUMNS;
type Batch = Record<Table, string[]>;

async function writeBatch(db: pg.Client, b: Batch): Promise<void> {
  for (const table of Object.keys(COLUMNS) as Table[]) {
    if (b[table].length) await copy(db, table, COLUMNS[table], [b[table]]);
  }
}

async function copy(db: pg.Client, table: string, cols: readonly string[], chunks: string[][]) {
  const sql = `COPY ${table} (${cols.join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(chunks.map((c) => c.join(''))), db.query(copyFrom(sql)));
}

const escape = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]);
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One COPY text-format line: tab-separated, \N for null. */
function row(values: (string | number | boolean | Date | object | null)[]): string {
  return (
    values
      .map((v) =>
        v === null
          ? '\\N'
          : v instanceof Date
            ? v.toISOString()
            : typeof v === 'string'
              ? escape(v)
              : typeof v === 'object'
                ? escape(JSON.stringify(v))
                : String(v),
      )
      .join('\t') + '\n'
  );
}

const contactsUpTo = (n: number) => Math.ceil(n * CONTACTS_PER_CASE);
const statusOf = {
  newest: weighted({ new: 30, open: 35, pending: 15, on_hold: 5, resolved: 15 }),
  recent: weighted({ open: 15, pending: 10, on_hold: 5, resolved: 40, closed: 30 }),
  old: weighted({ closed: 93, resolved: 5, pending: 1, on_hold: 1 }),
};
const channelOf = weighted({
  email: 45,
  phone: 20,
  chat: 15,
  web: 8,
  sms: 4,
  social: 3,
  mobile_app: 2,
  api: 1.5,
  walk_up: 0.7,
  autologging: 0.5,
  fax: 0.3,
});
const priorityOf = weighted({ normal: 60, low: 20, high: 15, urgent: 5 });
const tierOf = weighted({ 1: 88, 2: 10, 3: 2 });
const messagesOf = weighted({ 0: 10, 1: 15, 2: 25, 3: 20, 4: 15, 5: 8, 6: 4, 8: 3 });
const agentRank = zipf(AGENTS, 0.5);

/** The identities of contact `j`: an email (most), a mobile number (some), in their country. */
function contactOf(j: number) {
  const r = rng(j * 0x85ebca77 + 1);
  const lang = language(r);
  const { first, last } = personName(r, lang);
  const ascii = (s: string) =>
    s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
  const email =
    r() < 0.95
      ? `${ascii(first)}.${ascii(last)}.${j}@example.${lang === 'en' ? 'com' : lang}`
      : null;
  const national = String(j).padStart(8, '0');
  const prefix = { en: '+4479', de: '+49151', fr: '+336', es: '+346' }[lang];
  const phone = r() < 0.4 || !email ? `${prefix}${national}` : null;
  return { lang, name: `${first} ${last}`, email, phone };
}

/** Contact `j`'s id: derived from j, so a returning customer's case finds it in any batch. */
const contactId = (j: number) => `00000000-0000-4000-8000-${j.toString(16).padStart(12, '0')}`;

/** Cases `from`..`to`, their age (and so their status) counted from case `newest`. */
function makeBatch(
  dir: Directory,
  { from, to, newest, max }: { from: number; to: number; newest: number; max: number },
  endMs: number,
): Batch {
  const b: Batch = {
    contacts: [],
    contact_identities: [],
    messages: [],
    cases: [],
    case_tags: [],
    outbox_events: [],
  };
  const t0 = endMs - max * SPACING_MS;
  for (let j = contactsUpTo(from - 1) + 1; j <= contactsUpTo(to); j++) {
    const c = contactOf(j);
    const at = new Date(t0 + (j / CONTACTS_PER_CASE) * SPACING_MS);
    b.contacts.push(row([contactId(j), c.name, at, at]));
    if (c.email)
      b.contact_identities.push(
        row([uuidv7({ msecs: at.getTime() }), contactId(j), 'email', c.email]),
      );
    if (c.phone)
      b.contact_identities.push(
        row([uuidv7({ msecs: at.getTime() }), contactId(j), 'phone', c.phone]),
      );
  }
  for (let n = from; n <= to; n++) addCase(b, dir, n, newest, t0 + n * SPACING_MS);
  return b;
}

interface Event {
  name: string;
  at: Date;
  actor: { type: string; id: string };
  extra: Record<string, unknown>;
}

function addCase(b: Batch, dir: Directory, n: number, newest: number, createdMs: number): void {
  const r = rng(Math.imul(n, 0x9e3779b1) ^ 0x5bd1e995);
  const age = (newest - n) / newest;
  const status = (age < 0.01 ? statusOf.newest : age < 0.04 ? statusOf.recent : statusOf.old)(r);
  const j = r() < CONTACTS_PER_CASE ? contactsUpTo(n) : 1 + Math.floor(r() * contactsUpTo(n));
  const contact = { id: contactId(j), ...contactOf(j) };
  const channel = channelOf(r);
  const agent = dir.agents[agentRank(r)];
  const assigneeId = status === 'new' && r() < 0.5 ? null : agent.id;
  const ownerId = assigneeId && r() < 0.85 ? assigneeId : pick(r, dir.agents).id;
  const groupId = r() < 0.9 ? (assigneeId ? agent.groupId : pick(r, dir.groups)) : null;
  const text = caseText(r, contact.lang, status === 'new' ? 1 : Number(messagesOf(r)));
  const tags = tagsOf(r);
  const created = new Date(createdMs);
  const id = uuidv7({ msecs: createdMs });
  const hour = 3_600_000;
  const at = (h: number) => new Date(createdMs + h * hour);
  const contactActor = { type: 'plugin', id: 'email' };
  const agentActor = { type: 'agent', id: assigneeId ?? ownerId };
  const events: Event[] = [{ name: 'case.created', at: created, actor: contactActor, extra: {} }];
  if (assigneeId)
    events.push({
      name: 'case.assigned',
      at: at(0.2),
      actor: agentActor,
      extra: { fromAssigneeId: null, toAssigneeId: assigneeId, groupId },
    });
  let firstResponse: Date | null = null;
  let h = 0.5;
  for (const m of text.messages) {
    const mAt = at((h += 1 + r() * 6));
    const fromAgent = m.from === 'agent';
    const message = {
      id: uuidv7({ msecs: mAt.getTime() }),
      caseId: id,
      visibility: m.internal ? 'internal' : 'public',
      authorType: fromAgent ? 'agent' : 'contact',
      authorId: fromAgent ? agentActor.id : contact.id,
      body: m.body,
      attachments: [],
      channel,
      createdAt: mAt.toISOString(),
      providerMessageId: fromAgent ? null : `<${id}.${h}@mail.example>`,
      deliveryStatus: fromAgent && !m.internal ? 'delivered' : null,
      deliveryError: null,
    };
    b.messages.push(
      row([
        message.id,
        id,
        message.visibility,
        message.authorType,
        message.authorId,
        message.body,
        '[]',
        channel,
        message.providerMessageId,
        message.deliveryStatus,
        null,
        mAt,
      ]),
    );
    events.push({
      name: 'message.created',
      at: mAt,
      actor: fromAgent ? agentActor : contactActor,
      extra: { message },
    });
    if (fromAgent && !m.internal && !firstResponse) {
      firstResponse = mAt;
      events.push({
        name: 'case.status_changed',
        at: mAt,
        actor: agentActor,
        extra: { from: 'new', to: 'open', reason: null },
      });
    }
  }
  const move = (to: string, from: string) =>
    events.push({
      name: 'case.status_changed',
      at: at((h += 2)),
      actor: agentActor,
      extra: { from, to, reason: null },
    });
  if (status !== 'new' && !firstResponse) move('open', 'new');
  if (status === 'pending' || status === 'on_hold') move(status, 'open');
  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  if (status === 'resolved' || status === 'closed') {
    move('resolved', 'open');
    resolvedAt = events[events.length - 1].at;
    events.push({ name: 'case.resolved', at: resolvedAt, actor: agentActor, extra: {} });
  }
  if (status === 'closed') {
    move('closed', 'resolved');
    closedAt = events[events.length - 1].at;
    events.push({ name: 'case.closed', at: closedAt, actor: agentActor, extra: {} });
  }
  const updated = events[events.length - 1].at;
  const order = text.subject.match(/A-\d+/)?.[0];
  const view = {
    id,
    number: n,
    subject: text.subject,
    description: text.description,
    status,
    priority: priorityOf(r),
    channel,
    contact: { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone },
    ownerId,
    assigneeId,
    groupId,
    tier: Number(tierOf(r)),
    tags: [...tags].sort(),
    customFields: order ? { order } : {},
    businessImpact: null,
    followUpOf: null,
    reopenCount: 0,
    createdAt: created.toISOString(),
    updatedAt: updated.toISOString(),
    firstResponseAt: firstResponse?.toISOString() ?? null,
    resolvedAt: resolvedAt?.toISOString() ?? null,
    closedAt: closedAt?.toISOString() ?? null,
    version: events.length,
  };
  b.cases.push(
    row([
      id,
      n,
      view.subject,
      view.description,
      status,
      view.priority,
      channel,
      contact.id,
      ownerId,
      assigneeId,
      groupId,
      view.tier,
      view.customFields,
      null,
      null,
      0,
      view.version,
      firstResponse,
      resolvedAt,
      closedAt,
      created,
      updated,
    ]),
  );
  for (const t of tags) b.case_tags.push(row([id, t]));
  events.forEach((e, i) => {
    const eventId = uuidv7({ msecs: e.at.getTime() });
    const payload = {
      specversion: '1.0',
      id: eventId,
      source: '/casehub/core',
      type: `casehub.${e.name}.v1`,
      time: e.at.toISOString(),
      subject: id,
      datacontenttype: 'application/json',
      sequence: i + 1,
      data: { case: { ...view, version: i + 1 }, actor: e.actor, ...e.extra },
    };
    const published = new Date(e.at.getTime() + 40);
    b.outbox_events.push(
      row([
        eventId,
        id,
        i + 1,
        e.name,
        `casehub.v1.${e.name}`,
        JSON.stringify(payload),
        null,
        e.at,
        published,
        1,
        null,
      ]),
    );
  });
}
