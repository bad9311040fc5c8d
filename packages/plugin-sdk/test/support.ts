import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@casehub/domain';
import {
  JetStreamTransport,
  type JetStreamContext,
  OnCaseEvent,
  PluginErrorFilter,
  PermanentFailure,
  HandleLater,
} from '../src/index.js';
import { TEST_NATS_URL as NATS_URL } from '@casehub/test-support';

export { TEST_NATS_URL as NATS_URL } from '@casehub/test-support';

/** What the test plugin did: one entry per successful handling. */
export interface Effects {
  handled: { eventId: string; caseId: string; sequence?: number; replica: string }[];
  attempts: Map<string, number>;
  /** eventId → how many times to fail before succeeding (Infinity: a poison event). */
  failures: Map<string, number>;
  slowMs: number;
  /** Random extra time per handling, up to this many ms: shuffles completion across replicas. */
  jitterMs: number;
  /** Event ids whose handler fails with PermanentFailure. */
  permanent: Set<string>;
  /** eventId → defer it (HandleLater) this many ms, once. */
  defer: Map<string, number>;
  /** eventId → when it was handled (ms since epoch). */
  handledAt: Map<string, number>;
}

export function newEffects(): Effects {
  return {
    handled: [],
    attempts: new Map(),
    failures: new Map(),
    slowMs: 0,
    jitterMs: 0,
    permanent: new Set(),
    defer: new Map(),
    handledAt: new Map(),
  };
}

/** A tiny plugin: handles case.created and case.resolved, recording what it did. */
export async function startPlugin(
  effects: Effects,
  opts: { plugin: string; stream: string; prefix: string; replica?: string },
): Promise<INestMicroservice> {
  @Controller()
  class Handlers {
    @OnCaseEvent('case.created')
    created(@Payload() event: CloudEvent, @Ctx() ctx: JetStreamContext) {
      return this.record(event, ctx);
    }

    @OnCaseEvent('case.resolved')
    resolved(@Payload() event: CloudEvent, @Ctx() ctx: JetStreamContext) {
      return this.record(event, ctx);
    }

    private async record(event: CloudEvent, ctx: JetStreamContext) {
      effects.attempts.set(event.id, (effects.attempts.get(event.id) ?? 0) + 1);
      const wait = effects.slowMs + Math.random() * effects.jitterMs;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      const deferMs = effects.defer.get(event.id);
      if (deferMs !== undefined) {
        effects.defer.delete(event.id);
        throw new HandleLater(deferMs);
      }
      if (effects.permanent.has(event.id))
        throw new PermanentFailure('the address is gone for good');
      const failuresLeft = effects.failures.get(event.id) ?? 0;
      if (failuresLeft > 0) {
        effects.failures.set(event.id, failuresLeft - 1);
        throw new Error(`provider said no (attempt ${ctx.attempt})`);
      }
      effects.handledAt.set(event.id, Date.now());
      effects.handled.push({
        eventId: event.id,
        caseId: event.subject,
        sequence: event.sequence,
        replica: opts.replica ?? 'a',
      });
    }
  }
  @Module({ controllers: [Handlers] })
  class PluginModule {}
  const app = await NestFactory.createMicroservice(PluginModule, {
    strategy: new JetStreamTransport({
      plugin: opts.plugin,
      servers: NATS_URL,
      stream: opts.stream,
      subjectPrefix: opts.prefix,
      deliverFrom: 'all',
      maxAttempts: 3,
      retryDelaysMs: [50, 100],
    }),
    logger: false,
  });
  app.useGlobalFilters(new PluginErrorFilter());
  await app.listen();
  return app;
}

export { eventually, testStream } from '@casehub/test-support';
