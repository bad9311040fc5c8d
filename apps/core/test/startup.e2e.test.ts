import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('start-up with a bad configuration', () => {
  it('stops with exit code 78 and a message naming each bad variable', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        PORT: 'abc',
        DATABASE_URL: 'mysql://db/casehub',
        NATS_URL: 'http://nats',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toMatch(
      /DATABASE_URL: must start with postgres:\/\/.*"mysql:\/\/db\/casehub"/,
    );
    expect(run.stderr).toContain('NATS_URL');
  });
});
