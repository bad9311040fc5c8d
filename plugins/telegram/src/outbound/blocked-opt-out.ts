import type { InboundPublisher } from '@casehub/plugin-sdk';
import { handleOf } from '../inbound/telegram-ids.js';

/**
 * Telegram answered 403: the user blocked the bot, or the group removed it. Kept on the
 * contact in the core, so nothing else is queued for them on social either.
 */
export function recordBlocked(
  inbound: InboundPublisher,
  identityChatId: number,
  source: string,
): Promise<string> {
  return inbound.consent({
    channel: 'social',
    from: { kind: 'social', value: handleOf(identityChatId) },
    consent: 'opted_out',
    source,
    at: new Date().toISOString(),
  });
}
