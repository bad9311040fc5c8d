import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestMicroservice } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookPlugin } from '../src/webhook.app.js';
import { loadWebhookConfig } from '../src/webhook.config.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

/** A real HTTP receiver that checks every signature, as an integrator's endpoint would. */
class Receiver {
  server: Server | null = null;
  port = 0;
  received: { id: string; type: string; valid: boolean }[] = [];
  status = 204;

  async start(port = 0): Promise<void> {
    this.server = createServer(
      (req, res) => void this.handle(req).then((s) => res.writeHead(s).end()),
    );
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
    this.server = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  private async handle(req: IncomingMessage): Promise<number> {
    let body = '';
    for await (const chunk of req) body += chunk;
    let valid = true;
    try {
      new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
    } catch {
      valid = false;
    }
    const event = JSON.parse(body) as { id: string; type: string };
    this.received.push({ id: event.id, type: event.type, valid });
    return this.status;
  }
}

async function eventually<T>(check: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('the webhook plugin', () => {
  let stream: string;
  let prefix: string;
  let receiver: Receiver;
  let plugin: INestMicroservice | null = null;
  const nc = connect({ servers: NATS_URL });

  beforeEach(async () => {
    const id = randomBytes(4).toString('hex');
    stream = `W_${id}`;
    prefix = `w${id}.casehub`;
    await (
      await jetstreamManager(await nc)
    ).streams.add({ name: stream, subjects: [`${prefix}.v1.>`], storage: StorageType.File });
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(async () => {
    await plugin?.close();
    plugin = null;
    await receiver.stop();
    const jsm = await jetstreamManager(await nc);
    for (const s of [
      stream,
      `${stream}_DLQ`,
      `KV_casehub_inbox_${stream}_webhook`,
      `KV_casehub_webhook_${stream}`,
    ]) {
      await jsm.streams.delete(s).catch(() => undefined);
    }
  });

  const start = async (
    env: Record<string, string>,
    retryDelaysMs = [200, 500, 1_000, 2_000, 5_000],
  ) => {
    plugin = await startWebhookPlugin(loadWebhookConfig(env), {
      servers: NATS_URL,
      stream,
      subjectPrefix: prefix,
      deliverFrom: 'all',
      retryDelaysMs,
      maxAttempts: 30,
    });
  };
  const publish = async (name: string, caseId = 'case-1') => {
    const id = randomUUID();
    const event = {
      specversion: '1.0',
      id,
      source: '/core',
      type: `casehub.${name}.v1`,
      time: new Date().toISOString(),
      subject: caseId,
      datacontenttype: 'application/json',
      data: { case: { id: caseId } },
    };
    await jetstream(await nc).publish(`${prefix}.v1.${name}`, JSON.stringify(event), { msgID: id });
    return id;
  };
  const deadLetters = async () => {
    const info = await (
      await jetstreamManager(await nc)
    ).streams
      .info(`${stream}_DLQ`)
      .catch(() => null);
    return info?.state.messages ?? 0;
  };

  it('delivers the chosen events as signed CloudEvents, and only those', async () => {
    await start({
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_EVENTS: 'case.created,case.resolved',
    });
    const created = await publish('case.created');
    await publish('case.assigned');
    const resolved = await publish('case.resolved');
    await eventually(() => expect(receiver.received.map((r) => r.id)).toEqual([created, resolved]));
    expect(receiver.received.every((r) => r.valid)).toBe(true);
    expect(receiver.received.map((r) => r.type)).toEqual([
      'casehub.case.created.v1',
      'casehub.case.resolved.v1',
    ]);
  });

  it(
    'delivers everything, signatures valid, after the receiver was down for a minute',
    { timeout: 120_000 },
    async () => {
      const port = receiver.port;
      await receiver.stop();
      await start(
        { WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`, WEBHOOK_SECRET: SECRET },
        [1_000, 2_000, 5_000, 10_000],
      );
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await publish('case.created', `case-${i}`));
      await new Promise((r) => setTimeout(r, 60_000)); // the receiver stays down
      expect(await deadLetters()).toBe(0);
      await receiver.start(port);
      await eventually(
        () => expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set(ids)),
        30_000,
      );
      expect(receiver.received.every((r) => r.valid)).toBe(true);
    },
  );

  it('takes 410 Gone as an unsubscribe, and a 400 to the dead-letter stream at once', async () => {
    const gone = new Receiver();
    await gone.start();
    gone.status = 410;
    try {
      await start({
        WEBHOOK_TARGETS: JSON.stringify([
          { url: gone.url, secret: SECRET },
          { url: receiver.url, secret: SECRET },
        ]),
      });
      await publish('case.created');
      await eventually(() => expect(receiver.received).toHaveLength(1));
      await publish('case.created', 'case-2');
      await eventually(() => expect(receiver.received).toHaveLength(2));
      expect(gone.received).toHaveLength(1); // asked once, never again

      receiver.status = 400;
      await publish('case.created', 'case-3');
      await eventually(async () => expect(await deadLetters()).toBe(1));
      expect(receiver.received).toHaveLength(3);
    } finally {
      await gone.stop();
    }
  });
});

describe('webhook plugin configuration', () => {
  it('names the variable at fault', () => {
    expect(() => loadWebhookConfig({})).toThrow(
      /WEBHOOK_TARGETS \(or WEBHOOK_URL and WEBHOOK_SECRET\)/,
    );
    expect(() => loadWebhookConfig({ WEBHOOK_URL: 'ftp://x', WEBHOOK_SECRET: SECRET })).toThrow(
      /WEBHOOK_URL/,
    );
    expect(() =>
      loadWebhookConfig({ WEBHOOK_URL: 'https://x.example', WEBHOOK_SECRET: 'plain' }),
    ).toThrow(/WEBHOOK_SECRET: must be a Standard Webhooks secret/);
    expect(() => loadWebhookConfig({ WEBHOOK_TARGETS: '[{"url":"https://x.example"}]' })).toThrow(
      /WEBHOOK_TARGETS/,
    );
    expect(() =>
      loadWebhookConfig({
        WEBHOOK_URL: 'https://x.example',
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_EVENTS: 'case.exploded',
      }),
    ).toThrow(/WEBHOOK_EVENTS/);
  });
});
