import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { Transform, type Readable, type Writable } from 'node:stream';
import { childMemoryEnv, childNodeFlags } from './child-memory.js';
import { humanLine, type LogFormat } from './log-format.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The exit status a shell would report: the code, or 128 + the signal's number. */
export function exitStatus({ code, signal }: Exit): number {
  return code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/**
 * A Node.js child process whose output is labelled with `label`. It runs in a process group of its
 * own, so that a Ctrl-C in the terminal reaches only `casehub start`, which then stops the
 * children in order (plugins before the core, which may own the embedded nats-server).
 */
export class Child {
  readonly process: ChildProcess;
  readonly startedAt = Date.now();
  /** Resolves once the process has exited and its output has been forwarded. */
  readonly exited: Promise<Exit>;
  private done = false;

  constructor(
    readonly label: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    format: LogFormat = 'json',
  ) {
    this.process = spawn(
      process.execPath,
      [...childNodeFlags(process.execArgv, env.NODE_OPTIONS), entry],
      {
        env: childMemoryEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    const render =
      format === 'pretty' ? (l: string) => humanLine(l, label) : (l: string) => labelLine(l, label);
    forward(this.process.stdout!, process.stdout, render);
    forward(this.process.stderr!, process.stderr, render);
    this.exited = new Promise((r) => {
      this.process.once('close', (code, signal) => {
        this.done = true;
        r({ code, signal });
      });
      // A spawn failure emits 'error' and may never emit 'close' with a status.
      this.process.once('error', (err) => {
        process.stderr.write(`casehub: could not start ${label}: ${err.message}\n`);
        this.done = true;
        r({ code: 1, signal: null });
      });
    });
  }

  get running(): boolean {
    return !this.done;
  }

  /** SIGTERM, then SIGKILL to its whole process group when it takes longer than `timeoutMs`. */
  async stop(timeoutMs: number): Promise<Exit> {
    if (!this.done) this.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      process.stderr.write(
        `casehub: ${this.label} did not stop within ${timeoutMs} ms; killing it\n`,
      );
      this.kill();
    }, timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL to the process group, which includes what it started (e.g. the embedded NATS). */
  kill(): void {
    if (this.done || !this.process.pid) return;
    try {
      process.kill(-this.process.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Labels one line of a child's output: a JSON line (the core's pino log) gets a leading
 * `"process"` field so that it stays JSON; any other line gets a `[label] ` prefix.
 */
export function labelLine(line: string, label: string): string {
  return line.startsWith('{"')
    ? `{"process":${JSON.stringify(label)},${line.slice(1)}`
    : `[${label}] ${line}`;
}

/** Copies `from` to `to` line by line, rendered, so that children's lines never interleave. */
function forward(from: Readable, to: Writable, render: (line: string) => string | null): void {
  let partial = '';
  from.setEncoding('utf8'); // decodes characters split across chunks
  const lines = new Transform({
    decodeStrings: false,
    transform(chunk: string, _enc, done) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      const out = parts.map(render).filter((l) => l !== null);
      done(null, out.length ? out.map((l) => `${l}\n`).join('') : undefined);
    },
    flush(done) {
      const last = partial ? render(partial) : null;
      done(null, last !== null ? `${last}\n` : undefined);
    },
  });
  from.pipe(lines).pipe(to, { end: false });
}
