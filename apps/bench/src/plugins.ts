/**
 * Child process: one or more benchmark plugins (BENCH_PLUGIN_NAMES, e.g. `bench-1`), each a
 * NestJS microservice on the SDK's JetStreamTransport with its own durable consumer, as a real
 * plugin is. Their handlers only note when each event arrived (`receipts`), so what is measured
 * is the path commit → outbox relay → JetStream → consumer → inbox → handler.
 *
 * Requests: `counts` (events received so far, per plugin), `receipts`, `stop`.
 */
import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';
import { JetStreamTransport, OnCaseEvent, type JetStreamContext } from '@casehub/plugin-sdk';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';

/** What one plugin's handlers saw, one entry per handling, as parallel arrays. */
export interface Receipts {
  caseId: string[];
  sequence: number[];
  eventId: string[];
  type: string[];
  at: number[];
  /** When JetStream stored the event (its server's clock: the same machine's). */
  stored: number[];
}

async function startPlugin(plugin: string, receipts: Receipts): Promise<INestMicroservice> {
  @Controller()
  class Handlers {
    @OnCaseEvent('case.created')
    created(@Payload() e: CloudEvent, @Ctx() ctx: JetStreamContext) {
      this.note(e, ctx);
    }

    @OnCaseEvent('case.updated')
    updated(@Payload() e: CloudEvent, @Ctx() ctx: JetStreamContext) {
      this.note(e, ctx);
    }

    @OnCaseEvent('case.status_changed')
    statusChanged(@Payload() e: CloudEvent, @Ctx() ctx: JetStreamContext) {
      this.note(e, ctx);
    }

    @OnCaseEvent('case.resolved')
    resolved(@Payload() e: CloudEvent, @Ctx() ctx: JetStreamContext) {
      this.note(e, ctx);
    }

    private note(e: CloudEvent, ctx: JetStreamContext) {
      receipts.at.push(wallMs());
      receipts.stored.push((ctx.getArgByIndex(0) as JsMsg).info.timestampNanos / 1e6);
      receipts.caseId.push(e.subject);
      receipts.sequence.push(e.sequence ?? -1);
      receipts.eventId.push(e.id);
      receipts.type.push(e.type);
    }
  }
  @Module({ controllers: [Handlers] })
  class PluginModule {}

  const app = await NestFactory.createMicroservice(PluginModule, {
    strategy: new JetStreamTransport({
      plugin,
      servers: process.env.NATS_URL,
      stream: process.env.NATS_STREAM,
      subjectPrefix: process.env.NATS_SUBJECT_PREFIX,
    }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  return app;
}

const names = (process.env.BENCH_PLUGIN_NAMES ?? '').split(',').filter(Boolean);
const receipts = new Map<string, Receipts>(
  names.map((n) => [n, { caseId: [], sequence: [], eventId: [], type: [], at: [], stored: [] }]),
);
const apps = await Promise.all(names.map((n) => startPlugin(n, receipts.get(n)!)));

serve({
  counts: () => Object.fromEntries([...receipts].map(([n, r]) => [n, r.at.length])),
  receipts: () => Object.fromEntries(receipts),
  stop: async () => {
    await Promise.all(apps.map((a) => a.close()));
    setTimeout(() => process.exit(0), 10);
  },
});
