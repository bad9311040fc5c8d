import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';
import {
  JetStreamTransport,
  OnCaseEvent,
  PermanentFailure,
  PluginErrorFilter,
} from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testStream, TEST_NATS_URL, type TestStream } from '@casehub/test-support';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const CORE = fileURLToPath(new URL('../../core/dist/main.js', import.meta.url));
const NATS_URL = TEST_NATS_URL;

const handled: Record<string, string[]> = { flaky: [], steady: [] };
let broken = true;

describe('casehub dlq', () => {
  let s: TestStream;
  let env: NodeJS.ProcessEnv;
  const apps: INestMicroservice[] = [];

  const startPlugin = async (name: 'flaky' | 'steady') => {
    @Controller()
    class Handlers {
      @OnCaseEvent('case.created')
      created(@Payload() event: CloudEvent) {
        if (name === 'flaky' && broken) throw new PermanentFailure('the CRM rejected the record');
        handled[name].push(event.id);
      }
    }
    @Module({ controllers: [Handlers] })
    class PluginModule {}
    const app = await NestFactory.createMicroservice(PluginModule, {
      strategy: new JetStreamTransport({
        plugin: name,
        servers: NATS_URL,
        stream: s.stream,
        subjectPrefix: s.prefix,
        deliverFrom: 'all',
      }),
      logger: false,
    });
    app.useGlobalFilters(new PluginErrorFilter());
    await app.listen();
    apps.push(app);
  };

  beforeAll(async () => {
    s = await testStream('C');
    env = { ...process.env, NATS_URL, NATS_STREAM: s.stream, NATS_SUBJECT_PREFIX: s.prefix };
    await startPlugin('flaky');
    await startPlugin('steady');
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await s.remove();
  });

  it('lists what a plugin gave up on, and replays it to that plugin only once it is fixed', async () => {
    const { id: eventId } = await s.publish('case.created', 'case-1', { sequence: 1 });
    await eventually(() => expect(handled.steady).toEqual([eventId]));

    const listed = await eventually(async () => {
      const { stdout } = await run(process.execPath, [CLI, 'dlq', 'list'], { env });
      expect(stdout).toContain(eventId);
      return stdout;
    });
    expect(listed).toMatch(/flaky\s+case\.created/);
    expect(listed).toContain('the CRM rejected the record');

    broken = false; // the operator fixed the CRM mapping
    const { stdout } = await run(process.execPath, [CLI, 'dlq', 'replay', '--plugin', 'flaky'], {
      env,
    });
    expect(stdout).toContain('replayed 1 dead letter(s)');
    await eventually(() => expect(handled.flaky).toEqual([eventId]));
    expect((await run(process.execPath, [CLI, 'dlq', 'list'], { env })).stdout.trim()).toBe(
      '(none)',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(handled.steady).toEqual([eventId]); // the other plugin did not handle it again
  });

  it('replays past events to one plugin: passed over while remembered, handled again with --forget', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const before = { steady: handled.steady.length, flaky: handled.flaky.length };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await s.publish('case.created', `case-r${i}`, { sequence: 1 })).id);
    }
    await eventually(() => expect(handled.steady.length).toBe(before.steady + 3));

    const remembered = await run(
      process.execPath,
      [CLI, 'replay', '--plugin', 'steady', '--since', since],
      { env },
    );
    expect(remembered.stdout).toMatch(/plugin steady will receive \d+ event\(s\)/);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(handled.steady.length).toBe(before.steady + 3); // its inbox knows them: nothing twice

    await run(
      process.execPath,
      [CLI, 'replay', '--plugin', 'steady', '--since', since, '--forget'],
      { env },
    );
    await eventually(() => expect(handled.steady.filter((x) => ids.includes(x))).toHaveLength(6));
    expect(handled.flaky.length).toBe(before.flaky + 3); // the other plugin saw each once
  });

  it('says what is wrong with a bad --since or an unknown plugin', async () => {
    const bad = await run(
      process.execPath,
      [CLI, 'replay', '--plugin', 'steady', '--since', 'yesterday-ish'],
      { env },
    ).catch((e: { stderr: string; code: number }) => e);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('--since') });
    const unknown = await run(
      process.execPath,
      [CLI, 'replay', '--plugin', 'nobody', '--since', '2026-01-01'],
      { env },
    ).catch((e: { stderr: string; code: number }) => e);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('nobody has no consumer'),
    });
  });
});

/** A plugin with no handlers: enough to register and send heartbeats. */
@Module({})
class EmptyPlugin {}

describe('casehub plugins', () => {
  it('shows the plugins the real core knows, with their status', { timeout: 60_000 }, async () => {
    const id = randomBytes(4).toString('hex');
    const stream = `P_${id}`;
    const prefix = `p${id}.casehub`;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const key = 'cli-test-admin-key-0123456789abcdef';
    const coreEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite:${fileURLToPath(new URL(`../.test-data/${id}/casehub.db`, import.meta.url))}`,
      NATS_URL,
      NATS_EMBEDDED: 'never',
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
      CASEHUB_ADMIN_KEY: key,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const core = spawn(process.execPath, [CORE], { env: coreEnv, stdio: 'ignore' });
    let plugin: INestMicroservice | null = null;
    try {
      await eventually(
        async () => expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200),
        30_000,
      );
      plugin = await NestFactory.createMicroservice(EmptyPlugin, {
        strategy: new JetStreamTransport({
          plugin: 'crm-demo',
          servers: NATS_URL,
          stream,
          subjectPrefix: prefix,
          manifest: { version: '2.3.4', consumes: [], channels: [] },
        }),
        logger: false,
      });
      await plugin.listen();
      const cliEnv = {
        ...process.env,
        CASEHUB_URL: `http://127.0.0.1:${port}`,
        CASEHUB_ADMIN_KEY: key,
      };
      const { stdout } = await run(process.execPath, [CLI, 'plugins'], { env: cliEnv });
      expect(stdout).toMatch(/crm-demo\s+2\.3\.4\s+1\.0\s+up\s+1/);
      const wrongKey = await run(process.execPath, [CLI, 'plugins'], {
        env: { ...cliEnv, CASEHUB_ADMIN_KEY: 'nope' },
      }).catch((e: { stderr: string; code: number }) => e);
      expect(wrongKey).toMatchObject({ code: 1, stderr: expect.stringContaining('401') });
    } finally {
      await plugin?.close();
      core.kill('SIGTERM');
      await new Promise((r) => core.once('exit', r));
      const jsm = await jetstreamManager(await connect({ servers: NATS_URL }));
      for (const s of [stream, `${stream}_DLQ`, `KV_casehub_inbox_${stream}_casehub-core`])
        await jsm.streams.delete(s).catch(() => undefined);
    }
  });
});
