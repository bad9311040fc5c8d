import { describe, expect, it } from 'vitest';
import { loadPluginConfig, PluginConfigError } from '@casehub/plugin-sdk';
import { smsSmppPlugin } from './sms-smpp.plugin.js';

const valid = {
  SMPP_URL: 'smpp://casehub:s3cret@smsc.example.com:2775',
  SMPP_SOURCE_ADDR: '+447700900123',
};

const problems = async (env: Record<string, string>) => {
  try {
    await loadPluginConfig(smsSmppPlugin, env);
  } catch (err) {
    if (err instanceof PluginConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('sms-smpp settings', () => {
  it('reads the bind from SMPP_URL, with the defaults for the rest', async () => {
    const cfg = await loadPluginConfig(smsSmppPlugin, valid);
    expect(cfg).toEqual({
      bind: {
        host: 'smsc.example.com',
        port: 2775,
        tls: false,
        systemId: 'casehub',
        password: 's3cret',
        systemType: '',
      },
      source: { addr: '447700900123', ton: 1, npi: 1 },
      window: 10,
      throughput: 10,
      enquireLinkMs: 30_000,
      failoverMs: 10_000,
      helpText: expect.stringContaining('STOP') as unknown,
    });
  });

  it('binds over TLS for ssmpp://, on 3550 unless a port is given, with escaped credentials', async () => {
    const cfg = await loadPluginConfig(smsSmppPlugin, {
      ...valid,
      SMPP_URL: 'ssmpp://acme%40eu:p%3Ass@smsc.example.com',
      SMPP_SYSTEM_TYPE: 'VMA',
      SMPP_WINDOW: '50',
      SMPP_THROUGHPUT: '2.5',
    });
    expect(cfg.bind).toEqual({
      host: 'smsc.example.com',
      port: 3550,
      tls: true,
      systemId: 'acme@eu',
      password: 'p:ss',
      systemType: 'VMA',
    });
    expect([cfg.window, cfg.throughput]).toEqual([50, 2.5]);
  });

  it('takes a short code or an alphanumeric sender as SMPP_SOURCE_ADDR', async () => {
    const source = async (v: string) =>
      (await loadPluginConfig(smsSmppPlugin, { ...valid, SMPP_SOURCE_ADDR: v })).source;
    expect(await source('55123')).toEqual({ addr: '55123', ton: 3, npi: 0 });
    expect(await source('AcmeSupport')).toEqual({ addr: 'AcmeSupport', ton: 5, npi: 0 });
  });

  it('names every variable at fault', async () => {
    expect(await problems({})).toEqual([
      { variable: 'SMPP_URL', message: 'is not set' },
      { variable: 'SMPP_SOURCE_ADDR', message: 'is not set' },
    ]);
    const bad = await problems({
      SMPP_URL: 'http://casehub:pw@smsc.example.com',
      SMPP_SOURCE_ADDR: 'call us maybe, please',
      SMPP_WINDOW: '0',
      SMPP_THROUGHPUT: 'fast',
      SMPP_SYSTEM_TYPE: 'a-very-long-system-type',
    });
    expect(bad.map((p) => p.variable)).toEqual([
      'SMPP_URL',
      'SMPP_SOURCE_ADDR',
      'SMPP_SYSTEM_TYPE',
      'SMPP_WINDOW',
      'SMPP_THROUGHPUT',
    ]);
    expect(bad[0].message).toMatch(/smpp:\/\/system_id:password@/);
  });

  it('refuses credentials SMPP 3.4 cannot carry', async () => {
    expect(await problems({ ...valid, SMPP_URL: 'smpp://smsc.example.com:2775' })).toEqual([
      { variable: 'SMPP_URL', message: 'needs a system_id of 1 to 15 characters' },
    ]);
    expect(
      await problems({ ...valid, SMPP_URL: 'smpp://casehub:much-too-long@smsc.example.com' }),
    ).toEqual([
      { variable: 'SMPP_URL', message: 'has a password longer than SMPP’s 8 characters' },
    ]);
  });
});
