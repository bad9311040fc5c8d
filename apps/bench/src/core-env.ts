/** The settings a core child (core-driver.ts) runs with: its database, stream and prefix. */
import { randomBytes } from 'node:crypto';
import { settings } from './settings.js';

export function coreEnv(databaseUrl: string, stream: string, prefix: string, relay: boolean) {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(settings.corePoolSize),
    DATABASE_MIGRATE: 'true',
    NATS_URL: settings.natsUrl,
    NATS_EMBEDDED: 'never',
    NATS_STREAM: stream,
    NATS_SUBJECT_PREFIX: prefix,
    OUTBOX_RELAY: String(relay),
    CASEHUB_ADMIN_KEY: `bench-admin-key-${randomBytes(16).toString('hex')}`,
    LOG_LEVEL: 'warn',
    LOG_HTTP: 'false',
    NODE_ENV: 'production',
  };
}
