import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
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
} from '../src/index.js';
import { deadLetterStream } from '../src/dead-letter.js';
import { inboxBucket } from '../src/inbox.js';

export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** An event stream of our own, as the core would create it, with a prefix no other test uses. */
export async function testStream() {
  const id = randomBytes(4).toString('hex');
  const stream = `T_${id}`;
  const prefix = `t${id}.casehub`;
  const nc = await connect({ servers: NATS_URL });
  await (
    await jetstreamManager(nc)
  ).streams.add({
    name: stream,
    subjects: [`${prefix}.v1.>`],
    storage: StorageType.File,
    duplicate_window: 120_000_000_000,
  });
  const js = jetstream(nc);
  return {
    stream,
    prefix,
    nc,
    /** Publishes a case event as the core's relay does (event id = Nats-Msg-Id). */
    async publish(
      name: string,
      caseId: string,
      opts: { id?: string; sequence?: number; msgId?: string } = {},
    ) {
      const id = opts.id ?? randomUUID();
      const event = {
        specversion: '1.0',
        id,
        source: '/test',
        type: `casehub.${name}.v1`,
        time: new Date().toISOString(),
        subject: caseId,
        datacontenttype: 'application/json',
        sequence: opts.sequence,
        data: { case: { id: caseId } },
      };
      await js.publish(`${prefix}.v1.${name}`, JSON.stringify(event), { msgID: opts.msgId ?? id });
      return event;
    },
    async deadLetters() {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(deadLetterStream(stream)).catch(() => null);
      if (!info?.state.messages) return [];
      const name = `dl_${randomBytes(3).toString('hex')}`;
      await jsm.consumers.add(deadLetterStream(stream), {
        name,
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
      });
      const c = await js.consumers.get(deadLetterStream(stream), name);
      const out: { subject: string; error: string; attempts: string; event: CloudEvent }[] = [];
      for await (const m of await c.fetch({ max_messages: info.state.messages, expires: 3000 })) {
        out.push({
          subject: m.subject,
          error: m.headers?.get('CaseHub-Error') ?? '',
          attempts: m.headers?.get('CaseHub-Attempts') ?? '',
          event: m.json<CloudEvent>(),
        });
        if (out.length >= info.state.messages) break;
      }
      return out;
    },
    async remove(plugins: string[]) {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(stream).catch(() => undefined);
      await jsm.streams.delete(deadLetterStream(stream)).catch(() => undefined);
      for (const p of plugins)
        await new Kvm(nc)
          .open(inboxBucket(stream, p))
          .then((kv) => kv.destroy())
          .catch(() => undefined);
      await nc.close();
    },
  };
}

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
}

export function newEffects(): Effects {
  return {
    handled: [],
    attempts: new Map(),
    failures: new Map(),
    slowMs: 0,
    jitterMs: 0,
    permanent: new Set(),
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
      if (effects.permanent.has(event.id))
        throw new PermanentFailure('the address is gone for good');
      const failuresLeft = effects.failures.get(event.id) ?? 0;
      if (failuresLeft > 0) {
        effects.failures.set(event.id, failuresLeft - 1);
        throw new Error(`provider said no (attempt ${ctx.attempt})`);
      }
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

export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export type { NatsConnection };
