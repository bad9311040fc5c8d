import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';

/**
 * Where a plugin's HTTP server can be reached from this machine, e.g. `http://127.0.0.1:41234`
 * (the real port when it was started on port 0); `undefined` for a plugin that serves no HTTP, or
 * once it is closed. A server on every interface (`0.0.0.0`, `::`) is reached on 127.0.0.1; one
 * bound to a single address, on that address.
 */
export function pluginHttpUrl(app: INestApplicationContext): string | undefined {
  const address = boundAddress(app);
  if (!address) return undefined;
  const host = ['0.0.0.0', '::', '::ffff:0.0.0.0'].includes(address.address)
    ? '127.0.0.1'
    : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** The address the plugin's HTTP server is bound to, as `listen()` left it. */
export function boundAddress(app: INestApplicationContext): AddressInfo | undefined {
  const { getHttpServer } = app as { getHttpServer?: () => unknown };
  if (typeof getHttpServer !== 'function') return undefined; // a microservice only
  const server = getHttpServer.call(app) as { address?: () => AddressInfo | string | null };
  const address = server?.address?.();
  return address && typeof address === 'object' ? address : undefined;
}
