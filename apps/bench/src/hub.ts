/**
 * The hub as a user runs it: `casehub start` (what `pnpm start` runs) with a config file of our
 * own, the core in its child process with its default logging, the output going to a log file
 * as it would to a terminal or journald. Stopped (and the log's tail shown on failure) at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { log, onCleanup } from './cleanup.js';
import { freePort } from './free-port.js';

const CLI_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('@casehub/cli/package.json')),
  'dist/main.js',
);

export interface Hub {
  url: string;
  port: number;
  /** `casehub start` itself (it forwards the children's output, labelled). */
  cliPid: number;
  corePid: number;
  logFile: string;
  /** Set when the hub exits before we stop it. */
  crash: () => string | null;
  /** Lines of the log so far. */
  logLines: () => number;
}

export async function startHub(
  env: Record<string, string>,
  plugins: object[] = [],
  nodeArgs: string[] = [],
): Promise<Hub> {
  const dir = mkdtempSync(join(tmpdir(), 'casehub-bench-hub-'));
  const config = join(dir, 'casehub.config.json');
  writeFileSync(config, JSON.stringify({ plugins }));
  const logFile = join(dir, 'hub.log');
  const out = openSync(logFile, 'a');
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    ['--enable-source-maps', ...nodeArgs, CLI_MAIN, 'start', '--config', config],
    {
      cwd: dir,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', out, out],
    },
  );
  const state = { crash: null as string | null, stopping: false };
  const exited = new Promise<void>((r) =>
    proc.once('exit', (code, signal) => {
      if (!state.stopping) state.crash = `casehub start exited (code ${code}, signal ${signal})`;
      r();
    }),
  );
  onCleanup('casehub start', async () => {
    state.stopping = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGINT');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    if (state.crash) log(`the hub's log ends with:\n${tail(logFile)}`);
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    if (state.crash) throw new Error(`${state.crash}; its log ends with:\n${tail(logFile)}`);
    if (
      (await fetch(`${url}/health/ready`)
        .then((r) => r.status)
        .catch(() => 0)) === 200
    )
      break;
    if (Date.now() > deadline)
      throw new Error(`the hub is not ready after 60 s:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const corePid = await childOf(proc.pid!);
  return {
    url,
    port,
    cliPid: proc.pid!,
    corePid,
    logFile,
    crash: () => state.crash,
    logLines: () => readFileSync(logFile, 'utf8').split('\n').length - 1,
  };
}

/** The (first) child process of `pid`: the core under `casehub start`. */
async function childOf(pid: number): Promise<number> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
  const first = Number(children.trim().split(/\s+/)[0]);
  if (!first) throw new Error(`casehub start (pid ${pid}) has no child process`);
  return first;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
