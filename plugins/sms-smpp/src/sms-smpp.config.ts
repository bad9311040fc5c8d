import { z } from 'zod';
import { isE164 } from '@casehub/channel-kit';
import type { BindTarget } from './smpp/smpp-client.js';

export const DEFAULT_HELP_TEXT =
  'You are texting our support team: reply with your question and an agent will answer. ' +
  'Reply STOP to stop messages, START to resume.';

/** How texts' sender reads to the SMSC: its number or name, type of number and numbering plan. */
export interface SourceAddress {
  addr: string;
  ton: number;
  npi: number;
}

const smppUrl = z.string().transform((v, ctx): BindTarget => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'smpp:' && url.protocol !== 'ssmpp:') {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a URL like smpp://system_id:password@smsc.example.com:2775 (ssmpp:// for TLS)',
    });
    return z.NEVER;
  }
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  // SMPP 3.4 5.2.1 and 5.2.2: C-Octet Strings of at most 16 and 9 octets with their NUL.
  if (!systemId || systemId.length > 15) {
    ctx.addIssue({ code: 'custom', message: 'needs a system_id of 1 to 15 characters' });
    return z.NEVER;
  }
  if (password.length > 8) {
    ctx.addIssue({ code: 'custom', message: 'has a password longer than SMPP’s 8 characters' });
    return z.NEVER;
  }
  const tls = url.protocol === 'ssmpp:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : tls ? 3550 : 2775,
    tls,
    systemId,
    password,
    systemType: '',
  };
});

const sourceAddr = z
  .string()
  .trim()
  .transform((v, ctx): SourceAddress => {
    if (isE164(v)) return { addr: v.slice(1), ton: 1, npi: 1 }; // international, ISDN
    if (/^\d{3,8}$/.test(v)) return { addr: v, ton: 3, npi: 0 }; // a short code: network-specific
    // An alphanumeric sender: at most 11 characters of the GSM alphabet's plain letters.
    if (/^[A-Za-z0-9 .&'-]{1,11}$/.test(v) && /[A-Za-z]/.test(v))
      return { addr: v, ton: 5, npi: 0 };
    ctx.addIssue({
      code: 'custom',
      message:
        'must be an E.164 number (+447700900123), a short code (3 to 8 digits) or an ' +
        'alphanumeric sender of at most 11 letters and digits',
    });
    return z.NEVER;
  });

/** Settings of the SMPP SMS plugin, read once at start (README.md lists them). */
export const smsSmppConfigSchema = z
  .object({
    SMPP_URL: smppUrl,
    SMPP_SOURCE_ADDR: sourceAddr,
    SMPP_SYSTEM_TYPE: z.string().max(12, 'must be at most 12 characters').default(''),
    SMPP_WINDOW: z.coerce
      .number({ error: 'must be a whole number from 1 to 1000' })
      .int('must be a whole number from 1 to 1000')
      .min(1, 'must be a whole number from 1 to 1000')
      .max(1000, 'must be a whole number from 1 to 1000')
      .default(10),
    SMPP_THROUGHPUT: z.coerce
      .number({ error: 'must be a number of messages per second above 0' })
      .positive('must be a number of messages per second above 0')
      .max(10_000, 'must be at most 10000 messages per second')
      .default(10),
    SMPP_ENQUIRE_LINK_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds from 1 to 600' })
      .min(1, 'must be a number of seconds from 1 to 600')
      .max(600, 'must be a number of seconds from 1 to 600')
      .default(30),
    SMPP_FAILOVER_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds from 1 to 300' })
      .min(1, 'must be a number of seconds from 1 to 300')
      .max(300, 'must be a number of seconds from 1 to 300')
      .default(10),
    SMS_HELP_TEXT: z.string().trim().min(1).max(1600).default(DEFAULT_HELP_TEXT),
  })
  .transform((c) => ({
    bind: { ...c.SMPP_URL, systemType: c.SMPP_SYSTEM_TYPE },
    source: c.SMPP_SOURCE_ADDR,
    window: c.SMPP_WINDOW,
    throughput: c.SMPP_THROUGHPUT,
    enquireLinkMs: c.SMPP_ENQUIRE_LINK_SECONDS * 1000,
    failoverMs: c.SMPP_FAILOVER_SECONDS * 1000,
    helpText: c.SMS_HELP_TEXT,
  }));

export type SmsSmppConfig = z.output<typeof smsSmppConfigSchema>;
