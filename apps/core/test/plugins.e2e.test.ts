import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@casehub/domain';
import {
  JetStreamTransport,
  OnCaseEvent,
  PermanentFailure,
  PluginErrorFilter,
} from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './support/core.js';
import { eventually } from './support/nats.js';

@Controller()
class DemoHandlers {
  @OnCaseEvent('case.created')
  created(@Payload() event: CloudEvent<'case.created'>) {
    if (event.data.case.subject === 'Poison') throw new PermanentFailure('cannot deliver this one');
  }
}
@Module({ controllers: [DemoHandlers] })
class DemoPlugin {}

describe('plugins seen from the core', () => {
  let core: TestCore;
  const plugins: INestMicroservice[] = [];
  const startPlugin = async (name: string, contract?: string) => {
    const app = await NestFactory.createMicroservice(DemoPlugin, {
      strategy: new JetStreamTransport({
        plugin: name,
        servers: core.env.NATS_URL,
        stream: core.env.NATS_STREAM,
        subjectPrefix: core.env.NATS_SUBJECT_PREFIX,
        manifest: {
          version: '1.2.3',
          consumes: ['case.created'],
          channels: [],
          ...(contract ? { contract } : {}),
        },
        heartbeatMs: 300,
      }),
      logger: false,
    });
    app.useGlobalFilters(new PluginErrorFilter());
    plugins.push(app);
    await app.listen();
    return app;
  };
  const listed = async (name: string) =>
    ((await core.call('GET', '/v1/plugins')).body.items as any[]).find((p) => p.name === name);

  beforeAll(async () => {
    core = await startCore('postgres', { PLUGIN_DOWN_AFTER_SECONDS: '2' });
  });
  afterAll(async () => {
    for (const p of plugins) await p.close().catch(() => undefined);
    await core?.close();
  });

  it('lists a running plugin with its version, contract, lag and dead letters, and sees it go down', async () => {
    const demo = await startPlugin('demo');
    expect(await listed('demo')).toMatchObject({
      name: 'demo',
      version: '1.2.3',
      contract: '1.0',
      status: 'up',
      instances: 1,
      consumerLag: expect.any(Number),
      deadLetters: 0,
    });
    await core.call('POST', '/v1/cases', { subject: 'Poison' });
    await eventually(async () => expect((await listed('demo')).deadLetters).toBe(1));

    await demo.close();
    await eventually(async () => expect((await listed('demo')).status).toBe('down'), 10_000);
  });

  it('refuses a plugin built for another contract major, saying why on both sides', async () => {
    await expect(startPlugin('future', '2.0')).rejects.toThrow(
      /refused plugin future: .*contract 2\.0.*speaks 1\.0/,
    );
    expect(await listed('future')).toMatchObject({
      status: 'refused',
      refusedReason: expect.stringMatching(/2\.0/),
    });
  });

  it('shows plugins to supervisors, not to agents', async () => {
    const agentKey = (await core.call('POST', '/v1/api-keys', { name: 'a', role: 'agent' })).body
      .key;
    expect((await core.call('GET', '/v1/plugins', undefined, agentKey)).status).toBe(403);
  });
});
