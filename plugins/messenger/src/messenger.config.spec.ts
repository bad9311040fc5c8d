import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { messengerPlugin } from './messenger.plugin.js';

const good = {
  MESSENGER_PAGE_ID: '104512345678901',
  MESSENGER_PAGE_TOKEN: 'EAAGpagetoken',
  MESSENGER_APP_SECRET: 'f'.repeat(32),
  MESSENGER_VERIFY_TOKEN: 'a-long-random-string',
};
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(messengerPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('messenger plugin settings', () => {
  it('reads the defaults: Graph v23.0, no Instagram, no HUMAN_AGENT, port 3315', async () => {
    expect(await loadPluginConfig(messengerPlugin, good)).toEqual({
      ...good,
      MESSENGER_API_URL: 'https://graph.facebook.com',
      MESSENGER_API_VERSION: 'v23.0',
      MESSENGER_HUMAN_AGENT: false,
      MESSENGER_PORT: 3315,
      MESSENGER_HOST: '0.0.0.0',
    });
  });

  it('takes Instagram, the permission, a version and URLs without their trailing slash', async () => {
    const cfg = await loadPluginConfig(messengerPlugin, {
      ...good,
      MESSENGER_INSTAGRAM_ID: '17841400000000001',
      MESSENGER_HUMAN_AGENT: 'true',
      MESSENGER_API_VERSION: 'v24.0',
      MESSENGER_API_URL: 'http://127.0.0.1:4000/',
      MESSENGER_PUBLIC_URL: 'https://social.acme.example/',
    });
    expect(cfg).toMatchObject({
      MESSENGER_INSTAGRAM_ID: '17841400000000001',
      MESSENGER_HUMAN_AGENT: true,
      MESSENGER_API_VERSION: 'v24.0',
      MESSENGER_API_URL: 'http://127.0.0.1:4000',
      MESSENGER_PUBLIC_URL: 'https://social.acme.example',
    });
  });

  it('names every bad or missing variable at once', async () => {
    const bad = await problems({
      ...good,
      MESSENGER_PAGE_ID: 'acme-support',
      MESSENGER_API_VERSION: '23',
      MESSENGER_INSTAGRAM_ID: '@acme',
      MESSENGER_HUMAN_AGENT: 'maybe',
      MESSENGER_PORT: '70000',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'MESSENGER_PAGE_ID',
      'MESSENGER_API_VERSION',
      'MESSENGER_INSTAGRAM_ID',
      'MESSENGER_HUMAN_AGENT',
      'MESSENGER_PORT',
    ]);
    expect(bad[1].message).toMatch(/v23\.0/);
    expect(await problems({})).toEqual([
      { variable: 'MESSENGER_PAGE_ID', message: 'is not set' },
      { variable: 'MESSENGER_PAGE_TOKEN', message: 'is not set' },
      { variable: 'MESSENGER_APP_SECRET', message: 'is not set' },
      { variable: 'MESSENGER_VERIFY_TOKEN', message: 'is not set' },
    ]);
  });
});
