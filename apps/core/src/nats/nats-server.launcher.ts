import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

/** Resolves true when something accepts TCP connections at host:port. */
export function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const s = createConnection({ host, port });
    const finish = (ok: boolean) => {
      s.destroy();
      done(ok);
    };
    s.setTimeout(timeoutMs, () => finish(false));
    s.once('connect', () => finish(true));
    s.once('error', () => finish(false));
  });
}

/**
 * `pnpm start` on a bare machine: when nothing answers at a local NATS_URL and `nats-server`
 * is on PATH, run one with JetStream under <data dir>/nats for the life of this process.
 */
export async function ensureLocalNats(
  natsUrl: string,
  dataDir: string,
  log: (msg: string) => void,
): Promise<ChildProcess | null> {
  const url = new URL(natsUrl.split(',')[0]);
  const host = url.hostname;
  const port = Number(url.port || 4222);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return null;
  if (await answers(host, port)) return null;
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) {
    log(
      `nothing answers at ${natsUrl} and nats-server is not on PATH; events wait in the outbox until NATS is reachable`,
    );
    return null;
  }
  const storeDir = resolve(join(dataDir, 'nats'));
  mkdirSync(storeDir, { recursive: true });
  const child = spawn(
    bin,
    ['-js', '-a', host === 'localhost' ? '127.0.0.1' : host, '-p', String(port), '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  // Nest re-raises SIGTERM/SIGINT after closing, which skips 'exit': stop the server on both.
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  for (let i = 0; i < 50 && !(await answers(host, port, 200)); i++)
    await new Promise((r) => setTimeout(r, 100));
  log(`started nats-server (JetStream in ${storeDir}) on ${host}:${port}`);
  return child;
}
