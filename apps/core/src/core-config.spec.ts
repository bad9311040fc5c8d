import { describe, expect, it } from 'vitest';
import { ConfigError } from './config/load-config.js';
import { loadCoreConfig, unknownCoreVariables } from './core-config.js';

describe('configuration', () => {
  it('starts with defaults on a bare machine', () => {
    const cfg = loadCoreConfig({});
    expect(cfg).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:./data/casehub.db',
      NATS_URL: 'nats://127.0.0.1:4222',
    });
  });

  it('names every bad variable and what it expected', () => {
    const attempt = () =>
      loadCoreConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        CASEHUB_ADMIN_KEY: 'short',
        OUTBOX_RELAY: 'maybe',
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/PORT: .*got "abc"/);
    expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\/.*got "mysql:\/\/x"/);
    expect(message).toMatch(/CASEHUB_ADMIN_KEY: must be at least 24 characters/);
    expect(message).toMatch(/OUTBOX_RELAY/);
  });

  it('keeps the embedded database in CASEHUB_DATA_DIR unless DATABASE_URL is given', () => {
    expect(loadCoreConfig({ CASEHUB_DATA_DIR: '/var/lib/casehub' }).DATABASE_URL).toBe(
      'sqlite:/var/lib/casehub/casehub.db',
    );
    expect(
      loadCoreConfig({ CASEHUB_DATA_DIR: '/x', DATABASE_URL: 'postgres://db/casehub' })
        .DATABASE_URL,
    ).toBe('postgres://db/casehub');
  });

  it('says a port must be a port number', () => {
    expect(() => loadCoreConfig({ PORT: 'abc' })).toThrow(
      /PORT: must be a port number from 0 to 65535/,
    );
  });

  it('points out variables that look like ours but are not read', () => {
    expect(
      unknownCoreVariables({ NATS_ULR: 'x', PORT: '1', CASEHUB_ADMIN_KEY: 'k', HOME: '/' }),
    ).toEqual(['NATS_ULR']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadCoreConfig({ PORT: '' }).PORT).toBe(3000);
  });
});
