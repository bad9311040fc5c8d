/**
 * The baseline of `pnpm bench:intake`: the same writes as an intake (a case row and its outbox
 * row, with the ticket number from the sequence) sent by `pg` directly, as a hand-written
 * service would: BEGIN; nextval; INSERT cases; INSERT outbox_events; COMMIT.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { OpResult } from './load.js';

interface EventPayload {
  data: { case: Record<string, unknown>; [k: string]: unknown };
  [k: string]: unknown;
}

/** A case.created the core wrote, so that the baseline's events have the same size and shape. */
export interface EventTemplate {
  payload: EventPayload;
  bytes: number;
}

export async function eventTemplate(db: pg.Pool): Promise<EventTemplate> {
  const { rows } = await db.query<{ payload: string }>(
    `SELECT payload FROM outbox_events WHERE name = 'case.created' ORDER BY seq DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the core wrote no case.created to copy');
  return {
    payload: JSON.parse(rows[0].payload) as EventPayload,
    bytes: Buffer.byteLength(rows[0].payload),
  };
}

const INSERT_CASE = `INSERT INTO cases (id, number, subject, description, status, priority, channel, contact_id,
  owner_id, assignee_id, group_id, tier, custom_fields, business_impact, follow_up_of, reopen_count, version,
  first_response_at, resolved_at, closed_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, 'new', 'normal', 'email', NULL, NULL, NULL, NULL, 1, '{}', NULL, NULL, 0, 1, NULL, NULL, NULL, $5, $5)`;
const INSERT_OUTBOX = `INSERT INTO outbox_events (id, aggregate_id, aggregate_sequence, name, subject, payload, created_at, attempts)
  VALUES ($1, $2, 1, 'case.created', $3, $4, $5, 0)`;

export async function rawIntake(
  pool: pg.Pool,
  tpl: EventTemplate,
  subjectPrefix: string,
  subject: string,
  description: string,
): Promise<OpResult> {
  const client = await pool.connect();
  let failed = true;
  try {
    const caseId = randomUUID();
    const eventId = randomUUID();
    const at = new Date();
    await client.query('BEGIN');
    const { rows } = await client.query<{ n: string }>(`SELECT nextval('case_number_seq') AS n`);
    const number = Number(rows[0].n);
    await client.query(INSERT_CASE, [caseId, number, subject, description, at]);
    const t = tpl.payload;
    const time = at.toISOString();
    const payload = JSON.stringify({
      ...t,
      id: eventId,
      time,
      subject: caseId,
      data: {
        ...t.data,
        case: { ...t.data.case, id: caseId, number, subject, createdAt: time, updatedAt: time },
      },
    });
    await client.query(INSERT_OUTBOX, [
      eventId,
      caseId,
      `${subjectPrefix}.v1.case.created`,
      payload,
      at,
    ]);
    await client.query('COMMIT');
    failed = false;
    return { ok: true };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const e = err as Error & { code?: string };
    return { ok: false, kind: `pg ${e.code ?? e.name}`, sample: e.message };
  } finally {
    client.release(failed);
  }
}
