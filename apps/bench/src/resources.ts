import pg from 'pg';
import { connect, nanos } from '@nats-io/transport-node';
import { jetstreamManager, StorageType, type StreamInfo } from '@nats-io/jetstream';
import { settings } from './settings.js';
import { onCleanup } from './cleanup.js';

/**
 * A fresh database for this run, dropped at the end (kept with BENCH_KEEP_DATABASE=1, to look
 * at plans with EXPLAIN afterwards); returns its URL.
 */
export async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: settings.pgAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(settings.pgAdminUrl);
  url.pathname = `/${name}`;
  if (process.env.BENCH_KEEP_DATABASE === '1') {
    process.stderr.write(`bench: keeping database ${url.toString()}\n`);
    return url.toString();
  }
  onCleanup(`database ${name}`, async () => {
    const c = new pg.Client({ connectionString: settings.pgAdminUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  return url.toString();
}

/**
 * Deletes, at the end, every stream whose name holds the run's tag: the event streams, the
 * plugins' dead-letter streams and their inbox buckets (KV_casehub_inbox_<stream>_<plugin>).
 */
export function removeStreamsAtEnd(tag: string): void {
  onCleanup(`NATS streams *${tag}*`, async () => {
    const nc = await connect({ servers: settings.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const name of jsm.streams.names()) {
        if (name.includes(tag)) await jsm.streams.delete(name).catch(() => undefined);
      }
    } finally {
      await nc.close();
    }
  });
}

/** The event stream as the core creates it (apps/core NatsService.ensureStream defaults). */
export async function createEventStream(stream: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: settings.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: stream,
      subjects: [`${prefix}.v1.>`],
      storage: StorageType.File,
      num_replicas: 1,
      duplicate_window: nanos(600_000),
      max_age: nanos(90 * 24 * 3600 * 1000),
    });
  } finally {
    await nc.close();
  }
}

export async function streamInfo(stream: string): Promise<StreamInfo | null> {
  const nc = await connect({ servers: settings.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    return await jsm.streams.info(stream).catch(() => null);
  } finally {
    await nc.close();
  }
}
