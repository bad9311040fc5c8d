import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got: what a plugin's webhook endpoint would see. */
export interface ReceivedRequest {
  /** The full URL requested, as a plugin would reconstruct it to check the signature. */
  url: string;
  headers: IncomingHttpHeaders;
  /** `X-Twilio-Signature`, '' when absent. */
  signature: string;
  params: Record<string, string>;
}

export interface Answer {
  status: number;
  body?: string;
  contentType?: string;
}

/** A stand-in for a plugin's webhook endpoint: records every POST and answers as told. */
export async function startWebhookReceiver(
  answer: (request: ReceivedRequest) => Answer = () => ({
    status: 200,
    body: '<Response/>',
    contentType: 'text/xml',
  }),
) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        url: `http://${req.headers.host}${req.url}`,
        headers: req.headers,
        signature: String(req.headers['x-twilio-signature'] ?? ''),
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      received.push(request);
      const { status, body = '', contentType = 'text/plain' } = answer(request);
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
