import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { inboxBucket, JetStreamTransport } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, TEST_NATS_URL } from '@casehub/test-support';

const exec = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const CORE = fileURLToPath(new URL('../../core/dist/main.js', import.meta.url));
const ADMIN_KEY = 'operator-test-admin-key-0123456789abcdef';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

@Module({})
class EmptyPlugin {}

/** The day-two commands against a real core (SQLite) and a real NATS server. */
describe('casehub init, agents, keys, migrate, events tail, plugins remove, doctor', () => {
  const id = randomBytes(4).toString('hex');
  const dir = fileURLToPath(new URL(`../.test-data/op-${id}/`, import.meta.url));
  const stream = `OP_${id}`;
  const prefix = `op${id}.casehub`;
  let env: NodeJS.ProcessEnv;
  let core: ChildProcess;
  let url: string;

  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Ran> =>
    exec(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const api = (path: string, key: string) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite:${dir}casehub.db`,
      NATS_URL: TEST_NATS_URL,
      NATS_EMBEDDED: 'never',
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
      CASEHUB_ADMIN_KEY: ADMIN_KEY,
      CASEHUB_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    core = spawn(process.execPath, [CORE], { env, stdio: 'ignore' });
    await eventually(
      async () => expect((await fetch(`${url}/health/ready`)).status).toBe(200),
      30_000,
    );
  });
  afterAll(async () => {
    core.kill('SIGTERM');
    await new Promise((r) => core.once('exit', r));
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await jetstreamManager(nc);
    for (const s of [stream, `${stream}_DLQ`, `KV_${inboxBucket(stream, 'casehub-core')}`])
      await jsm.streams.delete(s).catch(() => undefined);
    await nc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let adminKey = '';
  it('init makes the first admin and their key on an empty hub, once', async () => {
    const first = await cli(['init', '--name', 'Ada Lee', '--email', 'ada@example.com']);
    expect(first.code, first.stderr).toBe(0);
    adminKey = first.stdout.trim();
    expect(adminKey.length).toBeGreaterThan(20);
    expect(first.stderr).toContain('shown once');
    // The new key works without CASEHUB_ADMIN_KEY.
    const listed = await cli(['agents', 'list'], {
      CASEHUB_ADMIN_KEY: '',
      CASEHUB_API_KEY: adminKey,
    });
    expect(listed.stdout).toMatch(/Ada Lee\s+ada@example\.com\s+admin/);
    const again = await cli(['init', '--name', 'Bo', '--email', 'bo@example.com']);
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('has 1 agent(s) already'),
    });
  });

  it('agents add prints the id; a bad email names the field', async () => {
    const as = { CASEHUB_ADMIN_KEY: '', CASEHUB_API_KEY: adminKey };
    const bo = await cli(['agents', 'add', '--name', 'Bo Chen', '--email', 'bö@exämple.com'], as);
    expect(bo.code, bo.stderr).toBe(0);
    expect(bo.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cli(['agents', 'list'], as)).stdout).toContain('bö@exämple.com');
    const bad = await cli(['agents', 'add', '--name', 'X', '--email', 'nope'], as);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('email') });
  });

  it('keys create, list and revoke: the key works, then stops working', async () => {
    const as = { CASEHUB_ADMIN_KEY: '', CASEHUB_API_KEY: adminKey };
    const agent = (
      await cli(['agents', 'add', '--name', 'Cy', '--email', 'cy@example.com'], as)
    ).stdout.trim();
    const made = await cli(['keys', 'create', '--name', "Cy's laptop", '--agent', agent], as);
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect((await api('/v1/cases', key)).status).toBe(200);
    const listed = (await cli(['keys', 'list'], as)).stdout;
    const row = listed.split('\n').find((l) => l.includes("Cy's laptop"))!;
    expect(row).toMatch(/agent/);
    const keyId = row.split(/\s+/)[0];
    const revoked = await cli(['keys', 'revoke', keyId], as);
    expect(revoked.stdout).toContain(`revoked key ${keyId}`);
    expect((await api('/v1/cases', key)).status).toBe(401);
    const unknown = await cli(['keys', 'revoke', '01900000-0000-7000-8000-000000000000'], as);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
  });

  it('migrate status and up, on the running hub and on an empty database', async () => {
    const status = await cli(['migrate', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/hub [0-9a-f-]{36}/);
    expect(status.stdout).not.toContain('pending');
    const empty = { DATABASE_URL: `sqlite:${dir}empty.db` };
    const before = await cli(['migrate', 'status'], empty);
    expect(before.stdout).toMatch(/pending\s+CreateHub1766000000100/);
    const up = await cli(['migrate', 'up'], empty);
    expect(up.stdout).toMatch(/ran \d+: /);
    const after = await cli(['migrate', 'status'], empty);
    expect(after.stdout).not.toContain('pending');
    const wrong = await cli(['migrate', 'status'], { DATABASE_URL: 'mysql://x' });
    expect(wrong).toMatchObject({ code: 78, stderr: expect.stringContaining('DATABASE_URL') });
  });

  it('events tail prints the events of a case, from a time, filtered by type', async () => {
    const since = new Date().toISOString();
    const as = { CASEHUB_ADMIN_KEY: '', CASEHUB_API_KEY: adminKey };
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ id: string; number: number }>);
    const one = await post('/v1/cases', { subject: 'Printer on fire' });
    await post('/v1/cases', { subject: 'Another one' });
    await post(`/v1/cases/${one.id}/transitions`, { to: 'open' });
    const tail = await cli(
      ['events', 'tail', '--since', since, '--case', String(one.number), '--count', '2'],
      as,
    );
    expect(tail.code, tail.stderr).toBe(0);
    const lines = tail.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`case\\.created\\s+#${one.number}\\s+Printer on fire`));
    expect(lines[1]).toMatch(/case\.status_changed/);
    const created = await cli(
      ['events', 'tail', '--since', since, '--type', 'case.created', '--count', '2', '--json'],
      as,
    );
    const types = created.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(['casehub.case.created.v1', 'casehub.case.created.v1']);
    // --no-follow: what the stream holds from then on, then it ends.
    const held = await cli(
      ['events', 'tail', '--since', since, '--case', String(one.number), '--no-follow'],
      as,
    );
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout.trim().split('\n')).toHaveLength(2);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const nothing = await cli(['events', 'tail', '--since', later, '--no-follow'], as);
    expect(nothing).toMatchObject({ code: 0, stdout: '' });
    const bad = await cli(['events', 'tail', '--type', 'case created']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('--type') });
  });

  it('plugins remove deletes what a plugin left on NATS, not while it runs', async () => {
    const plugin = await NestFactory.createMicroservice(EmptyPlugin, {
      strategy: new JetStreamTransport({
        plugin: 'old-crm',
        servers: TEST_NATS_URL,
        stream,
        subjectPrefix: prefix,
      }),
      logger: false,
    });
    await plugin.listen();
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await jetstreamManager(nc);
    try {
      await eventually(async () =>
        expect((await jsm.consumers.info(stream, 'old-crm')).num_waiting).toBeGreaterThan(0),
      );
      const busy = await cli(['plugins', 'remove', 'old-crm']);
      expect(busy).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('stop its replicas first'),
      });
      await plugin.close();
      const removed = await cli(['plugins', 'remove', 'old-crm']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toContain(`consumer ${stream}/old-crm`);
      expect(removed.stdout).toContain(`inbox KV_${inboxBucket(stream, 'old-crm')}`);
      expect(await jsm.consumers.info(stream, 'old-crm').catch(() => null)).toBeNull();
      const again = await cli(['plugins', 'remove', 'old-crm']);
      expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('left nothing') });
    } finally {
      await plugin.close().catch(() => undefined);
      await nc.close();
    }
  });

  it('doctor checks everything and says what to fix', async () => {
    writeFileSync(
      `${dir}casehub.config.json`,
      JSON.stringify({ plugins: [{ name: 'webhook', env: { WEBHOOK_URL: 'ftp://nope' } }] }),
    );
    const sick = await cli(['doctor']);
    expect(sick.code).toBe(1);
    expect(sick.stdout).toMatch(/ok\s+Node\.js \d+/);
    expect(sick.stdout).toMatch(
      /ok\s+database .*: (\d+) of \1 migrations applied, hub [0-9a-f-]{36}/,
    );
    expect(sick.stdout).toMatch(/ok\s+NATS .* JetStream on/);
    expect(sick.stdout).toMatch(new RegExp(`ok\\s+stream ${stream} .* hub [0-9a-f-]{36}`));
    expect(sick.stdout).toMatch(/ok\s+core at .*: ready/);
    expect(sick.stdout).toMatch(/FAIL\s+plugin webhook: WEBHOOK_URL/);
    expect(sick.stdout).toContain('1 problem(s) to fix');

    writeFileSync(
      `${dir}casehub.config.json`,
      JSON.stringify({
        plugins: [
          {
            name: 'webhook',
            env: {
              WEBHOOK_URL: 'https://example.com/hook',
              WEBHOOK_SECRET:
                'whsec_' + Buffer.from('a-secret-of-sufficient-length-123').toString('base64'),
            },
          },
        ],
      }),
    );
    const well = await cli(['doctor']);
    expect(well.stdout).toMatch(/ok\s+plugin webhook: settings valid/);
    expect(well).toMatchObject({ code: 0, stdout: expect.stringContaining('all checks passed') });

    // Another database (another hub) pointed at this hub's stream.
    const other = await cli(['doctor'], {
      DATABASE_URL: `sqlite:${dir}empty.db`,
      CASEHUB_URL: 'http://127.0.0.1:1',
    });
    expect(other.stdout).toMatch(
      new RegExp(`FAIL\\s+stream ${stream} .*owned by hub .*not this database's hub`),
    );
    expect(other.stdout).toContain('NATS_STREAM_ADOPT');
  });
});
