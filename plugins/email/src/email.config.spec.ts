import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { emailPlugin } from './email.plugin.js';

const good = {
  SMTP_URL: 'smtp://user:secret@smtp.acme.example:587',
  EMAIL_FROM: 'Acme Support <support@acme.example>',
};
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(emailPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('email plugin settings', () => {
  it('reads lists and defaults', async () => {
    const cfg = await loadPluginConfig(emailPlugin, {
      ...good,
      IMAP_URL:
        'imaps://a%40acme.example:pw@imap.acme.example/INBOX, imap://b:pw@127.0.0.1:1143/Support',
      SMTP_LISTEN_DOMAINS: 'Acme.Example, help.acme.example',
    });
    expect(cfg.IMAP_URL).toHaveLength(2);
    expect(cfg.SMTP_LISTEN_DOMAINS).toEqual(['acme.example', 'help.acme.example']);
    expect(cfg.EMAIL_REPLY_TO).toBe(good.EMAIL_FROM);
    expect(cfg.EMAIL_ACKNOWLEDGE).toBe(true);
  });

  it('names each bad variable', async () => {
    expect(await problems({})).toEqual([
      { variable: 'SMTP_URL', message: 'is not set' },
      { variable: 'EMAIL_FROM', message: 'is not set' },
    ]);
    const bad = await problems({
      SMTP_URL: 'http://smtp.acme.example',
      EMAIL_FROM: 'support',
      IMAP_URL: 'imaps://ok.example/INBOX,pop3://old.example',
      EMAIL_ACKNOWLEDGE: 'sometimes',
      EMAIL_DEFAULT_LOCALE: 'german',
      SMTP_LISTEN_PORT: '70000',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'SMTP_URL',
      'EMAIL_FROM',
      'EMAIL_ACKNOWLEDGE',
      'EMAIL_DEFAULT_LOCALE',
      'IMAP_URL.1',
      'SMTP_LISTEN_PORT',
    ]);
    expect(bad[1].message).toMatch(/support@acme\.example/);
  });
});
