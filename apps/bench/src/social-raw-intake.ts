/**
 * Child process: the raw intake baseline of `pnpm bench:social`. A bare `node:http` server (no
 * Nest, no Fastify, no key-value state) doing the durable work a social plugin's webhook does
 * before it answers: the body's bytes read, the provider's signature or secret checked in constant
 * time (403 else), the JSON parsed, each customer's message published to JetStream as
 * `inbound.message` with the SDK's InboundPublisher (the plugin's event id, its Nats-Msg-Id) and
 * its acknowledgement awaited, then 200. The provider's part is its raw module (social-raw.ts).
 *
 * Settings: BENCH_SOCIAL_PROVIDER, BENCH_RAW_PORT, NATS_URL, NATS_SUBJECT_PREFIX, the plugin's.
 * Requests: `stop`.
 */
import 'reflect-metadata';
import http, { type IncomingMessage } from 'node:http';
import { connect } from '@nats-io/transport-node';
import { InboundPublisher } from '@casehub/plugin-sdk';
import { serve } from './ipc.js';
import { loadSocialRaw, setting } from './social-raw.js';

const { provider, raw } = await loadSocialRaw();
// As the plugin's own connection is made (no stack trace captured per request).
const nc = await connect({ servers: setting('NATS_URL'), noAsyncTraces: true });
const publisher = new InboundPublisher(nc, {
  plugin: provider.name,
  subjectPrefix: setting('NATS_SUBJECT_PREFIX'),
});

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res(Buffer.concat(chunks)));
    req.on('error', rej);
  });
}

const server = http.createServer((req, res) => {
  const end = (status: number, body = '', type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  void (async () => {
    if (req.method !== 'POST' || req.url !== provider.webhookPath) return end(404);
    const body = await readBody(req);
    if (!raw.verify(req.headers, body)) return end(403);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return end(400);
    }
    try {
      await Promise.all(raw.messages(payload).map((m) => publisher.message(m)));
    } catch (err) {
      return end(503, (err as Error).message);
    }
    end(200, raw.answer.body, raw.answer.contentType);
  })().catch((err: unknown) => end(500, String(err)));
});
await new Promise<void>((res) =>
  server.listen(Number(setting('BENCH_RAW_PORT')), '127.0.0.1', res),
);

serve({
  stop: async () => {
    server.closeAllConnections();
    server.close();
    await nc.close();
    setTimeout(() => process.exit(0), 10);
  },
});
