import type { InboundPublisher } from '@casehub/plugin-sdk';

/**
 * Twilio refused a text with 21610: the recipient texted STOP to Twilio, not to us. Kept on the
 * contact in the core, so nothing else is queued for them on sms either.
 */
export function recordProviderOptOut(inbound: InboundPublisher, to: string): Promise<string> {
  return inbound.consent({
    channel: 'sms',
    from: { kind: 'phone', value: to },
    consent: 'opted_out',
    source: 'provider error 21610',
    at: new Date().toISOString(),
  });
}
