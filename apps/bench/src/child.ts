import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wallMs } from './clock.js';
import { READY, type Reply } from './ipc.js';
import { log, onCleanup } from './cleanup.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A child process of the benchmark (the core, plugins, the raw publisher) driven over IPC. */
export class Child {
  /** Set when the child exits before we stop it. */
  crash: string | null = null;
  /** Child clock minus ours, in ms (see measureOffset). */
  offsetMs = 0;
  offsetBoundMs = 0;
  private seq = 0;
  private readonly pending = new Map<number, { res: (v: any) => void; rej: (e: Error) => void }>(); // eslint-disable-line @typescript-eslint/no-explicit-any -- typed per request
  private readonly exited: Promise<void>;
  private stopping = false;
  private readonly recent: string[] = [];

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.exited = new Promise((r) => proc.once('exit', () => r()));
    proc.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.res(m.body);
      else p.rej(new Error(`${name}: ${m.error}`));
    });
    proc.once('exit', (code, signal) => {
      if (!this.stopping)
        this.crash = `${name} exited unexpectedly (code ${code}, signal ${signal})`;
      const err = new Error(
        `${this.crash ?? `${name} exited`}; last output:\n${this.recent.join('\n')}`,
      );
      for (const p of this.pending.values()) p.rej(err);
      this.pending.clear();
    });
    for (const s of [proc.stdout, proc.stderr]) {
      if (!s) continue; // its output goes to a log file
      s.setEncoding('utf8');
      s.on('data', (d: string) => {
        for (const line of d.split('\n')) {
          if (!line.trim()) continue;
          this.recent.push(line);
          if (this.recent.length > 30) this.recent.shift();
          process.stderr.write(`  [${name}] ${line.slice(0, 300)}\n`);
        }
      });
    }
  }

  /**
   * Starts `script` (a file next to this one), with `nodeArgs`, and waits until it says it is
   * ready. With `logFile`, its standard output goes there (a plugin logging every message, as
   * `casehub start` keeps it, would flood the terminal); its errors still show.
   */
  static async start(
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    nodeArgs: readonly string[] = [],
    logFile?: string,
  ): Promise<Child> {
    const out = logFile ? openSync(logFile, 'a') : 'pipe';
    const proc = fork(join(HERE, script), [], {
      env: { ...process.env, ...env },
      // BENCH_CHILD_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the children.
      execArgv: [
        '--enable-source-maps',
        ...nodeArgs,
        ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
      serialization: 'advanced',
      stdio: ['ignore', out, 'pipe', 'ipc'],
    });
    if (typeof out === 'number') closeSync(out); // the child has its own
    const child = new Child(name, proc);
    onCleanup(`${name} process`, () => child.stop());
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`${name} not ready after 60 s`)), 60_000);
      proc.on('message', (m) => {
        if (m === READY) {
          clearTimeout(t);
          res();
        }
      });
      proc.once('exit', () => {
        clearTimeout(t);
        rej(new Error(`${child.crash}; last output:\n${child.recent.join('\n')}`));
      });
    });
    return child;
  }

  request<T>(type: string, body?: unknown): Promise<T> {
    if (this.crash) return Promise.reject(new Error(this.crash));
    const id = ++this.seq;
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { res, rej });
      this.proc.send({ id, type, body });
    });
  }

  /**
   * Estimates the child's clock offset from the quickest of several round trips (the reading
   * is taken at some point during it: the half round trip bounds the error).
   */
  async measureOffset(rounds = 20): Promise<void> {
    let best = Infinity;
    for (let i = 0; i < rounds; i++) {
      const t0 = wallMs();
      const theirs = await this.request<number>('clock');
      const t1 = wallMs();
      if (t1 - t0 < best) {
        best = t1 - t0;
        this.offsetMs = theirs - (t0 + t1) / 2;
        this.offsetBoundMs = best / 2;
      }
    }
  }

  /** Asks the child to stop (it closes what it holds), then makes sure it is gone. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.stopping = true;
    if (this.proc.connected) await this.request('stop').catch(() => undefined);
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
    if (this.proc.exitCode === null) this.proc.kill('SIGTERM');
    await this.exited;
    clearTimeout(t);
  }
}

export { log };
