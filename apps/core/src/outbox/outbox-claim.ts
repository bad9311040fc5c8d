import type { Dialect } from '../database/dialect.js';
import type { PgSession } from '../database/pg-statements.js';

/** Anything that runs SQL: a QueryRunner, an EntityManager, the DataSource. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rows are typed at each call
}

export interface ClaimedEvent {
  seq: number;
  id: string;
  aggregateId: string;
  subject: string;
  payload: string;
  traceparent: string | null;
}

// A row is claimable when it is the oldest unpublished event of its case: later events of the
// same case wait behind it, which keeps per-case order with any number of relays. Heads are
// looked for from `floor` up (see unpublishedFloor).
const HEADS = `
  SELECT o.seq FROM outbox_events o
  WHERE o.published_at IS NULL AND o.seq >= $3
    AND NOT EXISTS (
      SELECT 1 FROM outbox_events p
      WHERE p.aggregate_id = o.aggregate_id AND p.published_at IS NULL AND p.seq < o.seq)
  ORDER BY o.seq
  LIMIT $1`;

const COLUMNS = `o.seq, o.id, o.aggregate_id AS "aggregateId", o.subject, o.payload, o.traceparent`;

/** PostgreSQL: the heads locked with SKIP LOCKED ($1 at most), their cases' events ($2 at most). */
const PG_CLAIM = `WITH heads AS (${HEADS} FOR UPDATE OF o SKIP LOCKED)
  SELECT ${COLUMNS} FROM outbox_events o
  WHERE o.published_at IS NULL AND o.aggregate_id IN (
    SELECT h.aggregate_id FROM outbox_events h WHERE h.seq IN (SELECT seq FROM heads))
  ORDER BY o.seq LIMIT $2`;
const PG_MARK = `UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`;
/**
 * PostgreSQL: opens the claim's transaction and claims a batch. Concurrent relays take disjoint
 * cases (SKIP LOCKED on the heads); the rest of each claimed case's events come along, as no
 * other relay can take them while their head is unpublished. The locks are the claim: they hold
 * until commitClaim.
 */
export async function beginClaim(
  session: PgSession,
  limit: number,
  floor: number,
): Promise<ClaimedEvent[]> {
  await session.query('BEGIN'); // READ COMMITTED, PostgreSQL's default
  const rows = await session.query<ClaimedEvent>(PG_CLAIM, [limit, limit * 4, floor]);
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** PostgreSQL: records what was published and what failed, and commits. */
export async function commitClaim(
  session: PgSession,
  published: readonly number[],
  failed: readonly { seq: number; error: string }[],
): Promise<void> {
  if (published.length) await session.query(PG_MARK, [published]);
  for (const f of failed) await markFailed(session, 'postgres', f.seq, f.error);
  await session.query('COMMIT');
}

/** SQLite (one writer, so no locking): the batch a relay publishes next. */
export async function claimBatch(qr: Queryable, limit: number, floor = 0): Promise<ClaimedEvent[]> {
  const rows: ClaimedEvent[] = await qr.query(
    `SELECT ${COLUMNS} FROM outbox_events o
     WHERE o.published_at IS NULL AND o.aggregate_id IN (
       SELECT h.aggregate_id FROM outbox_events h WHERE h.seq IN (${HEADS.replace('$3', '?').replace('$1', '?')}))
     ORDER BY o.seq LIMIT ?`,
    [floor, limit, limit * 4],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** SQLite: marks these events published. */
export async function markPublished(qr: Queryable, seqs: readonly number[]): Promise<void> {
  if (!seqs.length) return;
  await qr.query(
    `UPDATE outbox_events SET published_at = ?, attempts = attempts + 1 WHERE seq IN (${seqs.map(() => '?').join(',')})`,
    [new Date().toISOString().replace('T', ' ').replace('Z', ''), ...seqs],
  );
}

export async function markFailed(
  qr: Queryable,
  dialect: Dialect,
  seq: number,
  error: string,
): Promise<void> {
  const sql =
    dialect === 'postgres'
      ? `UPDATE outbox_events SET attempts = attempts + 1, last_error = $1 WHERE seq = $2`
      : `UPDATE outbox_events SET attempts = attempts + 1, last_error = ? WHERE seq = ?`;
  await qr.query(sql, [error.slice(0, 2000), seq]);
}

export async function countPending(qr: Queryable): Promise<number> {
  const rows: { n: string | number }[] = await qr.query(
    `SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL`,
  );
  return Number(rows[0].n);
}

/**
 * Where the relay starts looking for heads: the oldest unpublished event, or past the newest
 * event when none is. A published event leaves a dead entry at the low end of the unpublished
 * index until VACUUM, and a claim that walked them all took milliseconds on a busy outbox; from
 * the floor it walks a few. Sequence values commit out of order, so an event can commit below
 * the floor: the floor is taken again every OUTBOX_POLL_MS, which finds it.
 */
export async function unpublishedFloor(qr: Queryable): Promise<number> {
  const rows: { floor: string | number }[] = await qr.query(
    `SELECT coalesce(
       (SELECT min(seq) FROM outbox_events WHERE published_at IS NULL),
       (SELECT max(seq) + 1 FROM outbox_events),
       0) AS floor`,
  );
  return Number(rows[0].floor);
}
