/**
 * The built core (@casehub/core's dist/main.js) in a child process, started as `pnpm start`
 * starts it (`node --enable-source-maps dist/main.js`), stopped by ./cleanup.js whatever happens;
 * and its RSS, sampled from /proc while a benchmark runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { onCleanup } from './cleanup.js';
import { sleep } from './clock.js';
import { freePort } from './free-port.js';

const CORE_DIR = dirname(createRequire(import.meta.url).resolve('@casehub/core/package.json'));
const CORE_MAIN = join(CORE_DIR, 'dist/main.js');

export interface CoreProcess {
  proc: ChildProcess;
  pid: number;
  port: number;
  exited: Promise<number | null>;
  /** Set when the core exits before we stop it. */
  crash: string | null;
  recentOutput: string[];
  outputLines: number;
}

/**
 * Starts the core with `env` on top of this process's environment (PORT and HOST are set here)
 * and waits until /health/ready answers 200. The first `forwardLines` lines of its output are
 * shown; the rest are counted, the last 40 kept for a crash report.
 */
export async function startCoreProcess(
  env: NodeJS.ProcessEnv,
  forwardLines = 20,
): Promise<CoreProcess> {
  const port = await freePort();
  // BENCH_CHILD_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the core too.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, CORE_MAIN], {
    cwd: CORE_DIR,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const core: CoreProcess = {
    proc,
    pid: proc.pid!,
    port,
    exited: new Promise((r) =>
      proc.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))),
    ),
    crash: null,
    recentOutput: [],
    outputLines: 0,
  };
  let stopping = false;
  const onLine = (line: string) => {
    if (!line.trim()) return;
    core.outputLines++;
    core.recentOutput.push(line);
    if (core.recentOutput.length > 40) core.recentOutput.shift();
    if (core.outputLines <= forwardLines) process.stderr.write(`  [core] ${line.slice(0, 400)}\n`);
    else if (core.outputLines === forwardLines + 1)
      process.stderr.write('  [core] ... (further core output counted, not shown)\n');
  };
  for (const s of [proc.stdout, proc.stderr]) {
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  proc.once('exit', (code, signal) => {
    if (!stopping) core.crash = `core exited unexpectedly (code ${code}, signal ${signal})`;
  });
  onCleanup('core process', async () => {
    stopping = true;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await core.exited;
    clearTimeout(t);
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (core.crash) throw new Error(`${core.crash}; last output:\n${core.recentOutput.join('\n')}`);
    const status = await getStatus(port, '/health/ready').catch(() => 0);
    if (status === 200) return core;
    if (Date.now() > deadline)
      throw new Error(`core not ready after 60 s (last /health/ready: ${status})`);
    await sleep(100);
  }
}

function getStatus(port: number, path: string): Promise<number> {
  return new Promise((res, rej) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode ?? 0));
    });
    req.on('error', rej);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** RSS of a process every `everyMs`, each sample tagged with the phase the benchmark is in. */
export class RssSampler {
  readonly samples: { phase: string; mb: number }[] = [];
  phase = 'idle';
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly pid: number,
    private readonly everyMs = 500,
  ) {}

  start(): void {
    const tick = async () => {
      const mb = await rssMb(this.pid);
      if (mb !== null) this.samples.push({ phase: this.phase, mb });
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.everyMs);
    onCleanup('RSS sampler', () => Promise.resolve(this.stop()));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  stats(...phases: string[]): { maxMb: number; finalMb: number; samples: number } {
    const s = this.samples.filter((x) => phases.includes(x.phase));
    return {
      maxMb: s.reduce((m, x) => Math.max(m, x.mb), 0),
      finalMb: s.length ? s[s.length - 1].mb : 0,
      samples: s.length,
    };
  }
}
