import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { startCore } from './support/core.js';
import { freshDatabase } from './support/databases.js';
import { deleteStream, eventually, isolatedStream, NATS_URL } from './support/nats.js';

const DAY_NS = 24 * 3600 * 1e9;

async function streamConfig(name: string) {
  const nc = await connect({ servers: NATS_URL });
  try {
    return (await (await jetstreamManager(nc)).streams.info(name)).config;
  } finally {
    await nc.close();
  }
}

describe('the event stream', () => {
  it('is created with the configured retention and brought in line when the settings change', async () => {
    const stream = isolatedStream();
    // The same hub (its database) restarted with other settings.
    const database = await freshDatabase('sqlite');
    const hub = { ...stream, DATABASE_URL: database.url };
    const first = await startCore('sqlite', hub);
    try {
      await eventually(async () => {
        expect((await streamConfig(stream.NATS_STREAM)).max_age).toBe(90 * DAY_NS);
      });
      const config = await streamConfig(stream.NATS_STREAM);
      expect(config.subjects).toEqual([`${stream.NATS_SUBJECT_PREFIX}.v1.>`]);
      expect(config.duplicate_window).toBe(600 * 1e9);
    } finally {
      await first.close();
    }
    const second = await startCore('sqlite', { ...hub, NATS_STREAM_MAX_AGE_DAYS: '7' });
    try {
      await eventually(async () => {
        expect((await streamConfig(stream.NATS_STREAM)).max_age).toBe(7 * DAY_NS);
      });
    } finally {
      await second.close();
      await deleteStream(NATS_URL, stream.NATS_STREAM);
      await database.drop();
    }
  });
});
