import { connect, type NatsConnection } from '@nats-io/transport-node';
import { fail } from './output.js';
import type { CliSettings } from './settings.js';

/** Runs `fn` connected to the hub's NATS, then disconnects; no NATS is a CliError saying where. */
export async function withNats<T>(
  s: CliSettings,
  fn: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connect({ servers: s.natsUrl, name: 'casehub-cli' }).catch((err: Error) =>
    fail(`no NATS at ${s.natsUrl.join(',')}: ${err.message}`),
  );
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}
