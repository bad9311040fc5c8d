import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgres } from './support/databases.js';
import { deleteStream, eventually, isolatedStream, NATS_URL, readStream } from './support/nats.js';
import { CoreProcess } from './support/process.js';
import { call, testEnv } from './support/core.js';

/**
 * The relay is killed (SIGKILL, no clean-up) at the two dangerous moments: after the case
 * change committed but before its event is published, and after JetStream stored the event
 * but before the outbox row was marked. Either way the event must arrive exactly once.
 */
describe.each(['outbox.before_publish', 'outbox.after_publish'])(
  'relay killed at %s',
  (failpoint) => {
    let db: Awaited<ReturnType<typeof freshPostgres>>;
    let stream: ReturnType<typeof isolatedStream>;
    let core: CoreProcess;

    beforeEach(async () => {
      db = await freshPostgres();
      stream = isolatedStream();
      core = new CoreProcess({ ...testEnv(db.url), ...stream });
    });
    afterEach(async () => {
      await core.stop();
      await deleteStream(NATS_URL, stream.NATS_STREAM);
      await db.drop();
    });

    it('delivers the event exactly once after a restart', async () => {
      await core.start({ CASEHUB_FAILPOINT: failpoint });
      // The commit happens before the relay wakes; the answer itself may or may not make it out.
      await call(core.url, 'POST', '/v1/cases', { subject: 'Survives a crash' }).catch(() => null);
      expect(await core.exited()).toBe('SIGKILL');

      const sql = new pg.Client({ connectionString: db.url });
      await sql.connect();
      try {
        const { rows: cases } = await sql.query('SELECT id FROM cases');
        expect(cases).toHaveLength(1); // the change committed before the crash
        const { rows: pending } = await sql.query(
          'SELECT id FROM outbox_events WHERE published_at IS NULL',
        );
        expect(pending).toHaveLength(1); // ...and its event was not marked published
        const before = await readStream(NATS_URL, stream.NATS_STREAM);
        expect(before).toHaveLength(failpoint === 'outbox.after_publish' ? 1 : 0);

        await core.start();
        const events = await eventually(async () => {
          const { rows } = await sql.query(
            'SELECT COUNT(*)::int AS n FROM outbox_events WHERE published_at IS NULL',
          );
          expect(rows[0].n).toBe(0);
          return readStream(NATS_URL, stream.NATS_STREAM);
        });
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          id: pending[0].id,
          type: 'casehub.case.created.v1',
          subject: cases[0].id,
        });
      } finally {
        await sql.end();
      }
    });
  },
);
