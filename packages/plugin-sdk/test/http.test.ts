import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  Body,
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  Param,
  Post,
  Req,
  type OnModuleDestroy,
  type OnModuleInit,
  type RawBodyRequest,
} from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { jetstreamManager } from '@nats-io/jetstream';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CloudEvent } from '@casehub/domain';
import {
  createPluginApp,
  definePlugin,
  InjectPluginConfig,
  OnCaseEvent,
  PermanentFailure,
  pluginHttpUrl,
  type NestFastifyApplication,
} from '../src/index.js';
import { eventually, NATS_URL, testStream } from './support.js';

/** What the survey-like test plugin did. */
interface Seen {
  handled: string[];
  moduleInits: number;
  /** Set when the plugin's providers are torn down (onModuleDestroy). */
  destroyed: boolean;
}

/** A plugin that hosts a small survey page and handles case events, in one app. */
function surveyLikePlugin(seen: Seen) {
  const definition = definePlugin({
    name: `h_${randomUUID().slice(0, 8)}`,
    version: '0.1.0',
    consumes: ['case.created', 'case.resolved', 'case.assigned'],
    config: z.object({
      SURVEY_TITLE: z.string(),
      SURVEY_PORT: z.coerce.number().int().min(0).max(65535),
    }),
    http: (cfg) => ({ port: cfg.SURVEY_PORT, host: '127.0.0.1', trustProxy: '127.0.0.1' }),
    // As @fastify/helmet would be registered: a Fastify plugin that applies to every route.
    configureHttp: async (app, cfg) => {
      const stamp: FastifyPluginCallback = (fastify, _opts, done) => {
        fastify.addHook('onSend', (_req, reply, payload, next) => {
          void reply.header('x-survey-title', cfg.SURVEY_TITLE);
          next(null, payload);
        });
        done();
      };
      await app.register(Object.assign(stamp, { [Symbol.for('skip-override')]: true }));
    },
  });
  type Config = { SURVEY_TITLE: string };

  @Injectable()
  class Tally implements OnModuleInit, OnModuleDestroy {
    onModuleInit() {
      seen.moduleInits++;
    }

    onModuleDestroy() {
      seen.destroyed = true;
    }
  }

  @Controller('surveys')
  class SurveyPages {
    constructor(
      @InjectPluginConfig() private readonly cfg: Config,
      @Inject(Tally) readonly tally: Tally,
    ) {}

    @Get(':id')
    page(@Param('id') id: string) {
      if (id === 'missing') throw new NotFoundException('no such survey');
      return { title: this.cfg.SURVEY_TITLE, id };
    }

    @Get(':id/slow')
    async slow(@Param('id') id: string) {
      seen.handled.push(`${id} requested`);
      await new Promise((r) => setTimeout(r, 500));
      return `${id} answered ${seen.destroyed ? 'after' : 'before'} teardown`;
    }

    @Post(':id/answers')
    answer(@Body() body: { score?: string }, @Req() req: RawBodyRequest<FastifyRequest>) {
      return { score: body.score, raw: req.rawBody?.toString(), ip: req.ip };
    }
  }

  @Controller()
  class Handlers {
    @OnCaseEvent('case.created')
    created(@Payload() event: CloudEvent) {
      seen.handled.push(event.id);
    }

    @OnCaseEvent('case.resolved')
    resolved() {
      throw new PermanentFailure('the survey address is gone for good');
    }

    @OnCaseEvent('case.assigned')
    async assigned(@Payload() event: CloudEvent) {
      seen.handled.push(`${event.id} started`);
      await new Promise((r) => setTimeout(r, 500));
      seen.handled.push(`${event.id} ${seen.destroyed ? 'after' : 'before'} teardown`);
    }
  }

  @Module({ controllers: [SurveyPages, Handlers], providers: [Tally] })
  class SurveyModule {}

  return { definition, SurveyModule };
}

describe('a plugin that serves HTTP', () => {
  let s: Awaited<ReturnType<typeof testStream>>;
  let seen: Seen;
  let app: NestFastifyApplication | undefined;
  let busy: Server | undefined;

  beforeEach(async () => {
    s = await testStream('H');
    seen = { handled: [], moduleInits: 0, destroyed: false };
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await new Promise((r) => (busy ? busy.close(r) : r(undefined)));
    busy = undefined;
    await s.remove();
  });

  const start = async (env: Record<string, string>, http?: { port?: number; host?: string }) => {
    const { definition, SurveyModule } = surveyLikePlugin(seen);
    const started = await createPluginApp(definition, SurveyModule, {
      env: { SURVEY_TITLE: 'How did we do?', SURVEY_PORT: '0', ...env },
      transport: {
        servers: NATS_URL,
        stream: s.stream,
        subjectPrefix: s.prefix,
        deliverFrom: 'all',
        maxAttempts: 5,
        retryDelaysMs: [5_000],
      },
      logger: false,
      http,
    });
    app = started;
    return { app: started, definition };
  };

  it('serves its pages and handles events in the same app', async () => {
    const { app } = await start({});
    const url = pluginHttpUrl(app)!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);

    const page = await fetch(`${url}/surveys/s1`);
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ title: 'How did we do?', id: 's1' });
    expect(page.headers.get('x-survey-title')).toBe('How did we do?'); // configureHttp ran

    const event = await s.publish('case.created', 'case-1');
    await eventually(() => expect(seen.handled).toEqual([event.id]));
    expect(seen.moduleInits).toBe(1); // lifecycle hooks once, not once per side
  });

  it('parses a plain HTML form, keeping its bytes, and believes only the named proxy', async () => {
    const { app } = await start({});
    const res = await fetch(`${pluginHttpUrl(app)}/surveys/s1/answers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '203.0.113.7',
      },
      body: 'score=9&comment=quick+and+kind',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      score: '9',
      raw: 'score=9&comment=quick+and+kind',
      ip: '203.0.113.7', // the request came through 127.0.0.1, the trusted proxy
    });
  });

  it("keeps HTTP errors HTTP and handlers' errors as they are for the transport", async () => {
    const { app } = await start({});
    const missing = await fetch(`${pluginHttpUrl(app)}/surveys/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: 'no such survey' });

    const poison = await s.publish('case.resolved', 'case-2');
    const letters = await eventually(async () => {
      const l = await s.deadLetters();
      expect(l).toHaveLength(1);
      return l;
    });
    expect(letters[0]).toMatchObject({
      error: 'the survey address is gone for good', // not Nest's "Internal server error"
      attempts: '1', // PermanentFailure recognised: not retried
      event: { id: poison.id },
    });
  });

  it('stops serving and stops taking events on close()', async () => {
    const { app, definition } = await start({});
    const url = pluginHttpUrl(app)!;
    expect((await fetch(`${url}/surveys/s1`)).status).toBe(200);
    await app.close();

    await expect(fetch(`${url}/surveys/s1`)).rejects.toThrow();
    expect(pluginHttpUrl(app)).toBeUndefined();
    await s.publish('case.created', 'case-3');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(seen.handled).toEqual([]);
    const consumer = await (await jetstreamManager(s.nc)).consumers.info(s.stream, definition.name);
    expect(consumer.num_pending).toBe(1); // left in the stream for the next start
  });

  it('finishes the events in hand before it tears its providers down', async () => {
    const { app } = await start({});
    const event = await s.publish('case.assigned', 'case-4');
    await eventually(() => expect(seen.handled).toEqual([`${event.id} started`]));
    await app.close();
    expect(seen.handled).toEqual([`${event.id} started`, `${event.id} before teardown`]);
    expect(seen.destroyed).toBe(true);
  });

  it('answers the requests in hand before it tears its providers down, and closes at once', async () => {
    const { app } = await start({});
    const answer = fetch(`${pluginHttpUrl(app)}/surveys/s9/slow`).then((r) => r.text());
    await eventually(() => expect(seen.handled).toEqual(['s9 requested']));
    const closing = Date.now();
    await app.close();
    expect(await answer).toBe('s9 answered before teardown');
    // Not held open by the answered request's keep-alive connection (72 s).
    expect(Date.now() - closing).toBeLessThan(5_000);
  });

  it('listens where the options say, over what its settings say', async () => {
    busy = await occupiedPort();
    const settingsPort = (busy.address() as AddressInfo).port;
    const { app } = await start({ SURVEY_PORT: String(settingsPort) }, { port: 0 });
    expect(pluginHttpUrl(app)).not.toBe(`http://127.0.0.1:${settingsPort}`);
    expect((await fetch(`${pluginHttpUrl(app)}/surveys/s1`)).status).toBe(200);
  });

  it('fails to start on a port in use, before it registers or takes events', async () => {
    busy = await occupiedPort();
    const port = (busy.address() as AddressInfo).port;
    const { definition, SurveyModule } = surveyLikePlugin(seen);
    const err = await createPluginApp(definition, SurveyModule, {
      env: { SURVEY_TITLE: 'x', SURVEY_PORT: String(port) },
      transport: { servers: NATS_URL, stream: s.stream, subjectPrefix: s.prefix },
      logger: false,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EADDRINUSE', port });
    const jsm = await jetstreamManager(s.nc);
    await expect(jsm.consumers.info(s.stream, definition.name)).rejects.toThrow(/not found/);
  });

  it('refuses HTTP options for a plugin that serves no HTTP', async () => {
    const quiet = definePlugin({ name: 'quiet', version: '0.1.0', consumes: [] });
    @Module({})
    class QuietModule {}
    await expect(
      createPluginApp(quiet, QuietModule, { http: { port: 0 }, logger: false }),
    ).rejects.toThrow(/quiet plugin serves no HTTP/);
  });
});

describe('runPlugin with HTTP', () => {
  const FIXTURE = fileURLToPath(new URL('./fixtures/http-plugin.mjs', import.meta.url));

  /** Runs the fixture until it prints `until` (then SIGTERM) or exits; what it printed, and its code. */
  async function runFixture(
    env: Record<string, string>,
    until?: RegExp,
    onReady?: (out: string) => Promise<void>,
  ) {
    const s = await testStream('R');
    try {
      const child = spawn(process.execPath, [FIXTURE], {
        env: {
          ...process.env,
          NATS_URL,
          NATS_STREAM: s.stream,
          NATS_SUBJECT_PREFIX: s.prefix,
          FIXTURE_PLUGIN: `r_${randomUUID().slice(0, 8)}`,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let ready: Promise<void> | undefined;
      const collect = (d: Buffer) => {
        out += d.toString();
        if (until && !ready && until.test(out)) {
          ready = (onReady?.(out) ?? Promise.resolve()).finally(() => child.kill('SIGTERM'));
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      await ready;
      return { out, code };
    } finally {
      await s.remove();
    }
  }

  it('says where it serves, serves there, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    let page = '';
    const { out, code } = await runFixture(
      { FIXTURE_PORT: String(port) },
      /consuming events/,
      async () => {
        page = await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
      },
    );
    expect(out).toMatch(
      new RegExp(`plugin 0\\.0\\.1: consuming events, serving HTTP on 127\\.0\\.0\\.1:${port}\\n`),
    );
    expect(page).toBe('hello from the fixture');
    expect(code).toBe(0);
  });

  it('exits 1 naming the port when it is in use', async () => {
    const busy = await occupiedPort();
    const port = (busy.address() as AddressInfo).port;
    try {
      const { out, code } = await runFixture({ FIXTURE_PORT: String(port) });
      expect(code).toBe(1);
      expect(out).toContain(
        `failed to start: cannot serve HTTP on 127.0.0.1:${port}: port ${port} is already in use`,
      );
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});

function occupiedPort(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function freePort(): Promise<number> {
  const server = await occupiedPort();
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
