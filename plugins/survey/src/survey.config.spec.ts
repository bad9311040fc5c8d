import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { surveyPlugin } from './survey.plugin.js';

const secret = 'k'.repeat(40);
const good = { SURVEY_PUBLIC_URL: 'https://survey.acme.example/', SURVEY_SECRET: secret };
const problems = async (env: Record<string, string>) => {
  const err = await loadPluginConfig(surveyPlugin, env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginConfigError);
  return (err as PluginConfigError).problems;
};

describe('survey plugin settings', () => {
  it('reads defaults, lists, and the public URL without its trailing slash', async () => {
    const cfg = await loadPluginConfig(surveyPlugin, {
      ...good,
      SURVEY_EXCLUDE_TAGS: 'vip, legal ,',
      SURVEY_EXCLUDE_CHANNELS: 'phone,chat',
    });
    expect(cfg).toMatchObject({
      SURVEY_PUBLIC_URL: 'https://survey.acme.example',
      SURVEY_KIND: 'csat',
      SURVEY_ASK_CES: true,
      SURVEY_DELAY_SECONDS: 3600,
      SURVEY_THROTTLE_DAYS: 30,
      SURVEY_WINDOW_DAYS: 14,
      SURVEY_CHANNELS: ['email'],
      SURVEY_EXCLUDE_TAGS: ['vip', 'legal'],
      SURVEY_EXCLUDE_CHANNELS: ['phone', 'chat'],
    });
  });

  it('signs with CASEHUB_SECRET when SURVEY_SECRET is not set', async () => {
    const cfg = await loadPluginConfig(surveyPlugin, {
      SURVEY_PUBLIC_URL: good.SURVEY_PUBLIC_URL,
      CASEHUB_SECRET: secret,
    });
    expect(cfg.SURVEY_SECRET).toBe(secret);
  });

  it('names every missing or bad variable at once', async () => {
    expect(await problems({})).toEqual([
      { variable: 'SURVEY_PUBLIC_URL', message: 'is not set' },
      { variable: 'SURVEY_SECRET', message: 'is not set' },
    ]);
    const bad = await problems({
      SURVEY_PUBLIC_URL: 'ftp://survey.acme.example',
      SURVEY_SECRET: 'short',
      SURVEY_KIND: 'ces',
      SURVEY_SAMPLE_PERCENT: '120',
      SURVEY_EXCLUDE_CHANNELS: 'email,pigeon',
      SURVEY_DEFAULT_LOCALE: 'it',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'SURVEY_PUBLIC_URL',
      'SURVEY_SECRET',
      'SURVEY_KIND',
      'SURVEY_SAMPLE_PERCENT',
      'SURVEY_EXCLUDE_CHANNELS.1',
      'SURVEY_DEFAULT_LOCALE',
    ]);
    expect(bad[1].message).toMatch(/at least 32/);
  });
});
