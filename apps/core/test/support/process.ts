import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventually } from './nats.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The built core (dist/main.js) as a separate process, so a test can SIGKILL it. */
export class CoreProcess {
  private proc: ChildProcess | null = null;
  private output = '';
  url = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(extra: Record<string, string> = {}): Promise<void> {
    await this.launch(extra);
    await eventually(async () => {
      if (this.proc?.exitCode !== null) throw new Error(`core exited: ${this.output.slice(-2000)}`);
      const res = await fetch(`${this.url}/health/live`);
      if (!res.ok) throw new Error(`not live: ${res.status}`);
    }, 30_000);
  }

  /** Spawns the core without waiting for it to be live (for a core that must refuse to run). */
  async launch(extra: Record<string, string> = {}): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.proc = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, ...this.env, ...extra, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Resolves with the exit signal once the process is gone (e.g. after a failpoint). */
  exited(timeoutMs = 15_000): Promise<NodeJS.Signals | number | null> {
    const p = this.proc!;
    if (p.exitCode !== null || p.signalCode !== null)
      return Promise.resolve(p.signalCode ?? p.exitCode);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(`core still running after ${timeoutMs} ms:\n${this.output.slice(-2000)}`),
          ),
        timeoutMs,
      );
      p.once('exit', (code, signal) => {
        clearTimeout(t);
        resolve(signal ?? code);
      });
    });
  }

  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const done = this.exited();
    this.proc.kill('SIGTERM');
    await done;
  }

  get logs(): string {
    return this.output;
  }
}
