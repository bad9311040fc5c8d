import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { smsTwilioPlugin } from './sms-twilio.plugin.js';
import { DEFAULT_HELP_TEXT, senderOf } from './sms-twilio.config.js';

const good = {
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  TWILIO_FROM: '+15017122661',
  SMS_TWILIO_PUBLIC_URL: 'https://sms.acme.example/',
};
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(smsTwilioPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('sms-twilio plugin settings', () => {
  it('reads defaults, and the URLs without their trailing slash', async () => {
    expect(await loadPluginConfig(smsTwilioPlugin, good)).toEqual({
      ...good,
      SMS_TWILIO_PUBLIC_URL: 'https://sms.acme.example',
      TWILIO_API_URL: 'https://api.twilio.com',
      SMS_TWILIO_PORT: 3300,
      SMS_TWILIO_HOST: '0.0.0.0',
      SMS_HELP_TEXT: DEFAULT_HELP_TEXT,
    });
    expect(DEFAULT_HELP_TEXT).toMatch(/STOP/);
  });

  it('sends From for a number and MessagingServiceSid for a Messaging Service', async () => {
    const service = `MG${'a'.repeat(32)}`;
    const cfg = await loadPluginConfig(smsTwilioPlugin, { ...good, TWILIO_FROM: service });
    expect(senderOf(cfg.TWILIO_FROM)).toEqual({ MessagingServiceSid: service });
    expect(senderOf(good.TWILIO_FROM)).toEqual({ From: '+15017122661' });
  });

  it('names a bad TWILIO_ACCOUNT_SID and a missing SMS_TWILIO_PUBLIC_URL', async () => {
    const { SMS_TWILIO_PUBLIC_URL: _, ...withoutUrl } = good;
    const found = await problems({ ...withoutUrl, TWILIO_ACCOUNT_SID: 'SK123' });
    expect(found).toEqual([
      { variable: 'TWILIO_ACCOUNT_SID', message: expect.stringMatching(/AC followed by 32 hex/) },
      { variable: 'SMS_TWILIO_PUBLIC_URL', message: 'is not set' },
    ]);
  });

  it('names every other bad variable at once', async () => {
    const bad = await problems({
      ...good,
      TWILIO_FROM: '0151 1234',
      TWILIO_API_URL: 'ftp://api.twilio.com',
      SMS_TWILIO_PUBLIC_URL: 'sms.acme.example',
      SMS_TWILIO_PORT: '70000',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'TWILIO_FROM',
      'TWILIO_API_URL',
      'SMS_TWILIO_PUBLIC_URL',
      'SMS_TWILIO_PORT',
    ]);
    expect((await problems({})).map((p) => p.variable)).toEqual([
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_FROM',
      'SMS_TWILIO_PUBLIC_URL',
    ]);
  });
});
