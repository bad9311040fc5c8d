import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { whatsappPlugin } from './whatsapp.plugin.js';
import { DEFAULT_API_VERSION } from './whatsapp.config.js';

const good = {
  WHATSAPP_TOKEN: 'EAAG-permanent-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-me',
};
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(whatsappPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('whatsapp plugin settings', () => {
  it('reads defaults: Graph at graph.facebook.com, a current version, hourly template syncs', async () => {
    expect(await loadPluginConfig(whatsappPlugin, good)).toEqual({
      ...good,
      WHATSAPP_API_URL: 'https://graph.facebook.com',
      WHATSAPP_API_VERSION: DEFAULT_API_VERSION,
      WHATSAPP_TEMPLATE_SYNC_SECONDS: 3600,
      WHATSAPP_PORT: 3310,
      WHATSAPP_HOST: '0.0.0.0',
    });
    expect(DEFAULT_API_VERSION).toMatch(/^v\d+\.0$/);
  });

  it('takes the optional business account, public URL and version, URLs without a trailing slash', async () => {
    const cfg = await loadPluginConfig(whatsappPlugin, {
      ...good,
      WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398',
      WHATSAPP_PUBLIC_URL: 'https://wa.acme.example/',
      WHATSAPP_API_URL: 'http://127.0.0.1:4100/',
      WHATSAPP_API_VERSION: 'v24.0',
      WHATSAPP_TEMPLATE_SYNC_SECONDS: '600',
    });
    expect(cfg).toMatchObject({
      WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398',
      WHATSAPP_PUBLIC_URL: 'https://wa.acme.example',
      WHATSAPP_API_URL: 'http://127.0.0.1:4100',
      WHATSAPP_API_VERSION: 'v24.0',
      WHATSAPP_TEMPLATE_SYNC_SECONDS: 600,
    });
  });

  it('names every missing and bad variable at once', async () => {
    expect((await problems({})).map((p) => p.variable)).toEqual([
      'WHATSAPP_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
    ]);
    const bad = await problems({
      ...good,
      WHATSAPP_PHONE_NUMBER_ID: '+1 555 078 3881',
      WHATSAPP_API_URL: 'graph.facebook.com',
      WHATSAPP_API_VERSION: '23.0',
      WHATSAPP_BUSINESS_ACCOUNT_ID: 'acme',
      WHATSAPP_TEMPLATE_SYNC_SECONDS: '0',
      WHATSAPP_PORT: '70000',
      WHATSAPP_PUBLIC_URL: 'ftp://wa.acme.example',
    });
    expect(bad).toEqual([
      {
        variable: 'WHATSAPP_PHONE_NUMBER_ID',
        message: expect.stringMatching(/phone number ID .*digits only/),
      },
      { variable: 'WHATSAPP_API_URL', message: expect.stringMatching(/http\(s\) URL/) },
      {
        variable: 'WHATSAPP_API_VERSION',
        message: `must be a Graph API version such as ${DEFAULT_API_VERSION}`,
      },
      { variable: 'WHATSAPP_BUSINESS_ACCOUNT_ID', message: expect.stringMatching(/digits only/) },
      { variable: 'WHATSAPP_TEMPLATE_SYNC_SECONDS', message: 'must be at least 1 (seconds)' },
      { variable: 'WHATSAPP_PORT', message: expect.any(String) },
      { variable: 'WHATSAPP_PUBLIC_URL', message: expect.stringMatching(/public http\(s\) URL/) },
    ]);
  });
});
