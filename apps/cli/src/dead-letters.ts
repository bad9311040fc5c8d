import { connect } from '@nats-io/transport-node';
import { DeadLetters } from '@casehub/plugin-sdk';
import type { CliSettings } from './settings.js';

/** Runs `fn` with the hub's dead-letter stream (the SDK's reader), then disconnects. */
export async function withDeadLetters<T>(
  s: CliSettings,
  fn: (d: DeadLetters) => Promise<T>,
): Promise<T> {
  const nc = await connect({ servers: s.natsUrl, name: 'casehub-cli' });
  try {
    return await fn(new DeadLetters(nc, s.stream, s.prefix));
  } finally {
    await nc.close();
  }
}
