import { DeadLetters } from '@casehub/plugin-sdk';
import { withNats } from './nats.js';
import type { CliSettings } from './settings.js';

/** Runs `fn` with the hub's dead-letter stream (the SDK's reader), then disconnects. */
export async function withDeadLetters<T>(
  s: CliSettings,
  fn: (d: DeadLetters) => Promise<T>,
): Promise<T> {
  return withNats(s, (nc) => fn(new DeadLetters(nc, s.stream, s.prefix)));
}
