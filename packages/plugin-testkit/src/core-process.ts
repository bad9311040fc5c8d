import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';

/** Where the built core's entry point is: an explicit path, else `@casehub/core` as installed. */
export function resolveCoreEntry(explicit?: string): string {
  const given = explicit ?? process.env.CASEHUB_CORE_ENTRY;
  if (given) return given;
  for (const from of [join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      const pkg = createRequire(from).resolve('@casehub/core/package.json');
      const entry = join(dirname(pkg), 'dist/main.js');
      if (existsSync(entry)) return entry;
    } catch {
      // not installed from here: try the next place
    }
  }
  throw new Error(
    'plugin-testkit: cannot find the CaseHub core. Add @casehub/core as a devDependency (and build it), ' +
      'or set CASEHUB_CORE_ENTRY to its dist/main.js.',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The core as a child process, as it runs in production; its output is kept for failures. */
export class CoreProcess {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
  }

  /** Starts the core on `port` (default: a free one) and waits until it is ready. */
  static async start(
    entry: string,
    env: Record<string, string>,
    port?: number,
  ): Promise<CoreProcess> {
    port ??= await freePort();
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const core = new CoreProcess(child, `http://127.0.0.1:${port}`);
    await core.ready(30_000);
    return core;
  }

  /** Ready means migrated, listening and with its event stream in place. */
  private async ready(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < end) {
      if (this.child.exitCode !== null) {
        throw new Error(`the core exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
        last = `${res.status} ${await res.text()}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.stop();
    throw new Error(`the core was not ready within ${timeoutMs} ms (${last}):\n${this.output}`);
  }

  /** What the core printed lately (for a failing test's message). */
  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
