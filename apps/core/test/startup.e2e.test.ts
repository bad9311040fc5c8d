import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, call, testEnv } from './support/core.js';
import { freshDatabase } from './support/databases.js';
import { eventually, isolatedStream } from './support/nats.js';
import { CoreProcess } from './support/process.js';

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

describe('a running core', () => {
  it('logs one JSON line per request without its Authorization header, and warns of unknown variables', async () => {
    const db = await freshDatabase('sqlite');
    const core = new CoreProcess({
      ...testEnv(db.url),
      ...isolatedStream(),
      LOG_LEVEL: 'info',
      LOG_HTTP: 'true',
      NATS_ULR: 'typo',
    });
    try {
      await core.start();
      const res = await call(core.url, 'GET', '/v1/cases?limit=1');
      expect(res.status).toBe(200);
      await eventually(() => Promise.resolve(expect(core.logs).toContain('"route":"/v1/cases"')));
      const line = core.logs.split('\n').find((l) => l.includes('"route":"/v1/cases"'))!;
      expect(JSON.parse(line)).toMatchObject({
        msg: 'request completed',
        method: 'GET',
        statusCode: 200,
      });
      expect(core.logs).not.toContain(ADMIN_KEY);
      expect(core.logs).toContain('NATS_ULR is set but is not a CaseHub setting');
    } finally {
      await core.stop();
      await db.drop();
    }
  });
});
