import type { Dialect } from '../database/dialect.js';

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

/**
 * Claims a batch inside the caller's open transaction. PostgreSQL: the heads are locked with
 * SKIP LOCKED so concurrent relays take disjoint cases; the rest of each claimed case's
 * events come along (no other relay can take them while their head is unpublished).
 * SQLite has one writer, so no locking is needed.
 */
export async function claimBatch(
  qr: Queryable,
  dialect: Dialect,
  limit: number,
  floor = 0,
): Promise<ClaimedEvent[]> {
  const columns = `o.seq, o.id, o.aggregate_id AS "aggregateId", o.subject, o.payload, o.traceparent`;
  const rows: ClaimedEvent[] =
    dialect === 'postgres'
      ? await qr.query(
          `WITH heads AS (${HEADS} FOR UPDATE OF o SKIP LOCKED)
           SELECT ${columns} FROM outbox_events o
           WHERE o.published_at IS NULL AND o.aggregate_id IN (
             SELECT h.aggregate_id FROM outbox_events h WHERE h.seq IN (SELECT seq FROM heads))
           ORDER BY o.seq LIMIT $2`,
          [limit, limit * 4, floor],
        )
      : await qr.query(
          `SELECT ${columns} FROM outbox_events o
           WHERE o.published_at IS NULL AND o.aggregate_id IN (
             SELECT h.aggregate_id FROM outbox_events h WHERE h.seq IN (${HEADS.replace('$3', '?').replace('$1', '?')}))
           ORDER BY o.seq LIMIT ?`,
          [floor, limit, limit * 4],
        );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function markPublished(
  qr: Queryable,
  dialect: Dialect,
  seqs: number[],
): Promise<void> {
  if (!seqs.length) return;
  if (dialect === 'postgres') {
    await qr.query(
      `UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`,
      [seqs],
    );
  } else {
    await qr.query(
      `UPDATE outbox_events SET published_at = ?, attempts = attempts + 1 WHERE seq IN (${seqs.map(() => '?').join(',')})`,
      [new Date().toISOString().replace('T', ' ').replace('Z', ''), ...seqs],
    );
  }
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
