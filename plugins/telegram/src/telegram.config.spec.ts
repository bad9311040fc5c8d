import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { telegramPlugin } from './telegram.plugin.js';

const TOKEN = '123456789:AAH0kZ9gYq3zWx7mV1tR5uE2oP8sD4fG6hJ';
const good = {
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_WEBHOOK_SECRET: 'Sh0rt_and-secret',
  TELEGRAM_PUBLIC_URL: 'https://telegram.acme.example/',
};
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(telegramPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('telegram plugin settings', () => {
  it('reads defaults: webhook mode on port 3320, the public Bot API', async () => {
    expect(await loadPluginConfig(telegramPlugin, good)).toEqual({
      ...good,
      TELEGRAM_PUBLIC_URL: 'https://telegram.acme.example',
      TELEGRAM_API_URL: 'https://api.telegram.org',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_PORT: 3320,
      TELEGRAM_HOST: '0.0.0.0',
      TELEGRAM_POLL_FAILOVER_SECONDS: 15,
    });
  });

  it('needs neither the public URL nor the secret in polling mode', async () => {
    const cfg = await loadPluginConfig(telegramPlugin, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'polling',
    });
    expect(cfg).toMatchObject({ TELEGRAM_MODE: 'polling' });
    expect(cfg.TELEGRAM_PUBLIC_URL).toBeUndefined();
  });

  it('names the public URL and the secret webhook mode lacks, with the token at fault too', async () => {
    expect(await problems({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toEqual([
      { variable: 'TELEGRAM_BOT_TOKEN', message: expect.stringMatching(/BotFather/) },
      { variable: 'TELEGRAM_PUBLIC_URL', message: 'is not set' },
      { variable: 'TELEGRAM_WEBHOOK_SECRET', message: 'is not set' },
    ]);
  });

  it('refuses a secret Telegram would refuse, and every other bad value at once', async () => {
    const bad = await problems({
      ...good,
      TELEGRAM_WEBHOOK_SECRET: 'has spaces and ünïcode',
      TELEGRAM_API_URL: 'ftp://api.telegram.org',
      TELEGRAM_MODE: 'push',
      TELEGRAM_PORT: '70000',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'TELEGRAM_WEBHOOK_SECRET',
      'TELEGRAM_API_URL',
      'TELEGRAM_MODE',
      'TELEGRAM_PORT',
    ]);
    expect(bad[0].message).toMatch(/A-Z, a-z, 0-9, _ and -/);
    expect(
      (await problems({ ...good, TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(257) }))[0].variable,
    ).toBe('TELEGRAM_WEBHOOK_SECRET');
  });
});
