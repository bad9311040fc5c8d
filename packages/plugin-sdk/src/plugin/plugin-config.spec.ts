import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from './define-plugin.js';
import { loadPluginConfig, PluginConfigError } from './plugin-config.js';

const plugin = definePlugin({
  name: 'crm-sync',
  version: '1.0.0',
  consumes: ['case.created'],
  config: z.object({
    CRM_URL: z.url(),
    CRM_BATCH: z.coerce.number().int().min(1).default(50),
  }),
});

describe('loadPluginConfig', () => {
  it('gives the validated, typed settings', async () => {
    const cfg = await loadPluginConfig(plugin, { CRM_URL: 'https://crm.example', OTHER: 'x' });
    expect(cfg).toEqual({ CRM_URL: 'https://crm.example', CRM_BATCH: 50 });
  });

  it('names every variable at fault, and treats an empty one as unset', async () => {
    const err = await loadPluginConfig(plugin, { CRM_URL: '', CRM_BATCH: 'lots' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PluginConfigError);
    expect((err as PluginConfigError).problems.map((p) => p.variable)).toEqual([
      'CRM_URL',
      'CRM_BATCH',
    ]);
    expect((err as Error).message).toBe(
      'Invalid crm-sync plugin configuration:\n' +
        '  CRM_URL: is not set\n' +
        `  CRM_BATCH: ${(err as PluginConfigError).problems[1].message}`,
    );
    expect((err as PluginConfigError).problems[1].message).not.toBe('is not set');
  });

  it('passes the environment through when the plugin has no settings schema', async () => {
    const bare = definePlugin({ name: 'bare', version: '1.0.0', consumes: [] });
    expect(await loadPluginConfig(bare, { A: '1', B: '' })).toEqual({ A: '1' });
  });
});
