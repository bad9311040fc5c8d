import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestMicroservice } from '@nestjs/common';
import { eventually, testStream, TEST_NATS_URL, type TestStream } from '@casehub/test-support';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPluginApp, loadPluginConfig } from '@casehub/plugin-sdk';
import { webhookPlugin } from '../src/webhook.plugin.js';
import { WebhookModule } from '../src/webhook.module.js';

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

describe('the webhook plugin', () => {
  let s: TestStream;
  let receiver: Receiver;
  let plugin: INestMicroservice | null = null;

  beforeEach(async () => {
    s = await testStream('W');
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(async () => {
    await plugin?.close();
    plugin = null;
    await receiver.stop();
    await s.remove(); // with its dead letters and the plugin's key-value buckets
  });

  const start = async (
    env: Record<string, string>,
    retryDelaysMs = [200, 500, 1_000, 2_000, 5_000],
  ) => {
    plugin = await createPluginApp(webhookPlugin, WebhookModule, {
      env,
      transport: {
        servers: TEST_NATS_URL,
        stream: s.stream,
        subjectPrefix: s.prefix,
        deliverFrom: 'all',
        retryDelaysMs,
        maxAttempts: 30,
      },
      logger: ['error'],
    });
  };
  const publish = async (name: string, caseId = 'case-1') => (await s.publish(name, caseId)).id;
  const deadLetters = async () => (await s.deadLetters()).length;

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
  it('names the variable at fault', async () => {
    const load = (env: Record<string, string>) => loadPluginConfig(webhookPlugin, env);
    await expect(load({})).rejects.toThrow(/WEBHOOK_TARGETS \(or WEBHOOK_URL and WEBHOOK_SECRET\)/);
    await expect(load({ WEBHOOK_URL: 'ftp://x', WEBHOOK_SECRET: SECRET })).rejects.toThrow(
      /WEBHOOK_URL/,
    );
    await expect(
      load({ WEBHOOK_URL: 'https://x.example', WEBHOOK_SECRET: 'plain' }),
    ).rejects.toThrow(/WEBHOOK_SECRET: must be a Standard Webhooks secret/);
    await expect(load({ WEBHOOK_TARGETS: '[{"url":"https://x.example"}]' })).rejects.toThrow(
      /WEBHOOK_TARGETS/,
    );
    await expect(
      load({
        WEBHOOK_URL: 'https://x.example',
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_EVENTS: 'case.exploded',
      }),
    ).rejects.toThrow(/WEBHOOK_EVENTS/);
  });
});
