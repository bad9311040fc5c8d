import { createServer, connect } from 'node:net';

/** A TCP port nothing listens on right now (the caller must still handle losing a race for it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Connects once and resolves with what the server said first, once `ready` matches it (or with
 * `null` when the connection fails or `ready` does not match within `timeoutMs`).
 */
export function greeting(
  host: string,
  port: number,
  ready: RegExp,
  timeoutMs = 1_000,
): Promise<string | null> {
  return new Promise((resolve) => {
    let seen = '';
    const socket = connect({ host, port });
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      seen += chunk;
      if (ready.test(seen)) done(seen);
    });
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
  });
}
