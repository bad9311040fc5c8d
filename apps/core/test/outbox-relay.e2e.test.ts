import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '@casehub/domain';
import { freshPostgres } from './support/databases.js';
import {
  deleteStream,
  eventually,
  isolatedStream,
  NATS_URL,
  PrivateNats,
  readStream,
} from './support/nats.js';
import { startCore, type TestCore } from './support/core.js';
import { freePort } from './support/process.js';

function perCase(events: CloudEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) out.set(e.subject, [...(out.get(e.subject) ?? []), e.sequence!]);
  return out;
}

async function metric(core: TestCore, name: string): Promise<number> {
  const text = await (await fetch(`${core.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return Number(line?.split(' ')[1] ?? 0);
}

/** Opens a case through the API and waits until its event is in the core's stream. */
async function openAndSeePublished(core: TestCore, subject: string): Promise<void> {
  const c = (await core.call('POST', '/v1/cases', { subject })).body;
  await eventually(async () => {
    const events = await readStream(core.env.NATS_URL, core.env.NATS_STREAM);
    expect(events.map((e) => e.subject)).toContain(c.id);
  }, 10_000);
}

/** A core on a database and stream of its own, all removed after `use`. */
async function withOwnCore(
  env: Record<string, string>,
  use: (
    core: TestCore,
    db: { url: string },
    stream: ReturnType<typeof isolatedStream>,
  ) => Promise<void>,
): Promise<void> {
  const db = await freshPostgres();
  const stream = isolatedStream();
  const core = await startCore('postgres', { DATABASE_URL: db.url, ...stream, ...env });
  try {
    await use(core, db, stream);
  } finally {
    await core.close();
    await deleteStream(NATS_URL, stream.NATS_STREAM);
    await db.drop();
  }
}

describe('two core replicas on one database', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  const stream = isolatedStream();
  let a: TestCore;
  let b: TestCore;
  beforeAll(async () => {
    db = await freshPostgres();
    const shared = { DATABASE_URL: db.url, ...stream, OUTBOX_BATCH_SIZE: '7' };
    a = await startCore('postgres', shared);
    b = await startCore('postgres', { ...shared, DATABASE_MIGRATE: 'false' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteStream(NATS_URL, stream.NATS_STREAM);
    await db?.drop();
  });

  it('publish every event once, in per-case order, sharing the work', async () => {
    const replicas = [a, b];
    const cases = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        replicas[i % 2].call('POST', '/v1/cases', { subject: `case ${i}` }).then((r) => r.body),
      ),
    );
    // Each case then changes through both replicas, concurrently with the other cases.
    await Promise.all(
      cases.map(async (c, i) => {
        for (const [j, to] of [
          'open',
          'pending',
          'open',
          'resolved',
          'open',
          'resolved',
          'closed',
        ].entries()) {
          const res = await replicas[(i + j) % 2].call('POST', `/v1/cases/${c.id}/transitions`, {
            to,
          });
          expect(res.status).toBe(200);
        }
      }),
    );
    const expected = cases.length * 12; // created + 7 status changes + 2 resolved + 1 reopened + 1 closed
    const events = await eventually(async () => {
      const all = await readStream(NATS_URL, stream.NATS_STREAM);
      expect(all.length).toBe(expected);
      return all;
    }, 30_000);

    expect(new Set(events.map((e) => e.id)).size).toBe(expected);
    for (const [caseId, sequences] of perCase(events)) {
      expect(sequences, caseId).toEqual(Array.from({ length: 12 }, (_, k) => k + 1));
    }
    // No replica published anything the other had published (JetStream de-duplication not needed).
    const published =
      (await metric(a, 'casehub_outbox_published_total')) +
      (await metric(b, 'casehub_outbox_published_total'));
    expect(published).toBe(expected);
    expect(
      (await metric(a, 'casehub_outbox_duplicates_total')) +
        (await metric(b, 'casehub_outbox_duplicates_total')),
    ).toBe(0);
  });
});

describe('NATS stopped while cases are written', () => {
  let nats: PrivateNats;
  let core: TestCore;
  beforeAll(async () => {
    nats = new PrivateNats(await freePort());
    await nats.start();
    core = await startCore('postgres', { NATS_URL: nats.url, OUTBOX_POLL_MS: '100' });
    await eventually(async () =>
      expect((await core.call('GET', '/health/ready', undefined, null)).status).toBe(200),
    );
  });
  afterAll(async () => {
    await core?.close().catch(() => undefined);
    await nats?.stop();
  });

  it('keeps taking cases and delivers every event once NATS is back', async () => {
    const ids: string[] = [];
    const create = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const res = await core.call('POST', '/v1/cases', {
          subject: `during outage ${ids.length}`,
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
    };
    await create(10);
    await nats.stop();
    await create(15); // the API does not depend on NATS
    const ready = await core.call('GET', '/health/ready', undefined, null);
    expect(ready.status).toBe(503);
    expect(ready.body.error).toHaveProperty('nats');
    await nats.start();
    await create(5);

    const events = await eventually(async () => {
      const all = await readStream(nats.url, core.env.NATS_STREAM);
      expect(all.length).toBe(ids.length);
      return all;
    }, 40_000);
    expect(events.map((e) => e.subject).sort()).toEqual([...ids].sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(ids.length);
    await eventually(async () =>
      expect((await core.call('GET', '/health/ready', undefined, null)).status).toBe(200),
    );
  });
});

describe('the relay wakes on commit', () => {
  it('publishes a new event at once, not at the next poll (OUTBOX_POLL_MS = 60 s here)', async () => {
    const core = await startCore('postgres', { OUTBOX_POLL_MS: '60000' });
    try {
      // Let the relay reach its idle wait first.
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 3; i++) await openAndSeePublished(core, `wake ${i}`);
    } finally {
      await core.close();
    }
  });
});

describe('an event that commits below where the relay looks', () => {
  it('is published at a later poll: sequence values commit out of order', () =>
    withOwnCore({ OUTBOX_POLL_MS: '100' }, async (core, db, stream) => {
      const late = new pg.Client({ connectionString: db.url });
      try {
        await late.connect();
        // A writer takes its sequence value, then is slow to commit.
        await late.query('BEGIN');
        const caseId = randomUUID();
        const event = { specversion: '1.0', id: randomUUID(), subject: caseId, sequence: 1 };
        await late.query(
          `INSERT INTO outbox_events (id, aggregate_id, aggregate_sequence, name, subject, payload, created_at, attempts)
           VALUES ($1, $2, 1, 'case.created', $3, $4, now(), 0)`,
          [
            event.id,
            caseId,
            `${stream.NATS_SUBJECT_PREFIX}.v1.case.created`,
            JSON.stringify(event),
          ],
        );
        // Later events commit and are published, and the relay's floor moves past the slow one.
        // Two, one after the other: the second was claimed by a later poll, whose floor was
        // already above the slow event (every visible event came after it).
        for (const subject of ['committed first', 'committed second'])
          await openAndSeePublished(core, subject);
        await late.query('COMMIT');
        const after = (await core.call('POST', '/v1/cases', { subject: 'committed last' })).body;
        const subjects = await eventually(async () => {
          const all = (await readStream(NATS_URL, stream.NATS_STREAM)).map((e) => e.subject);
          expect(all).toContain(after.id);
          expect(all).toContain(caseId);
          return all;
        }, 10_000);
        expect(subjects).toHaveLength(4);
      } finally {
        await late.end();
      }
    }));
});

describe('a slow read of where the relay looks', () => {
  it('is not started again at every poll while it runs (OUTBOX_POLL_MS = 20 ms here)', () =>
    withOwnCore({ OUTBOX_POLL_MS: '20' }, async (core, db, stream) => {
      const locker = new pg.Client({ connectionString: db.url });
      // Outside the locker's transaction, which would see one snapshot of pg_stat_activity.
      const watcher = new pg.Client({ connectionString: db.url });
      const floorReads = async () =>
        (
          await watcher.query<{ n: number; waited_ms: number }>(
            `SELECT count(*)::int AS n,
                    coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::int AS waited_ms
             FROM pg_stat_activity
             WHERE datname = current_database() AND query LIKE '%min(seq) FROM outbox_events%' AND wait_event_type = 'Lock'`,
          )
        ).rows[0];
      try {
        await locker.connect();
        await watcher.connect();
        // As a bulk load or a long migration would: every read of the outbox waits.
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE outbox_events IN ACCESS EXCLUSIVE MODE');
        // Once one read has waited through 15 polls, there is still only that one.
        const waiting = await eventually(async () => {
          const r = await floorReads();
          expect(r.waited_ms).toBeGreaterThanOrEqual(300);
          return r;
        });
        expect(waiting.n).toBe(1);
        await locker.query('COMMIT');
        const c = (await core.call('POST', '/v1/cases', { subject: 'after the lock' })).body;
        await eventually(async () =>
          expect((await readStream(NATS_URL, stream.NATS_STREAM)).map((e) => e.subject)).toContain(
            c.id,
          ),
        );
      } finally {
        await locker.end();
        await watcher.end();
      }
    }));
});
