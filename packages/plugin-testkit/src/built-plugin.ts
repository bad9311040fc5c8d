import { spawn, type ChildProcess } from 'node:child_process';
import type { TestHub } from './test-hub.js';

export interface BuiltPluginOptions {
  /** The built entry point, e.g. `fileURLToPath(new URL('../dist/main.js', import.meta.url))`. */
  main: string;
  /** The plugin's name, as `GET /v1/plugins` lists it. */
  name: string;
  /** The plugin's own settings, over the hub's (NATS, stream, core URL and key). */
  env?: Record<string, string>;
  /** How long it may take to be `up` (default 60 s). */
  upWithinMs?: number;
}

const KEPT_OUTPUT = 200_000;

/**
 * A built plugin in a process of its own, as `casehub start` runs it, for tests that kill it
 * (SIGKILL: no shutdown hook runs) and start it again: nothing lost, nothing twice.
 *
 * ```ts
 * const plugin = await BuiltPlugin.start(hub, { main: MAIN, name: 'sms-twilio', env });
 * await plugin.kill();
 * ```
 */
export class BuiltPlugin {
  private log = '';
  /** `performance.now()` when it was spawned. */
  readonly spawnedAt = performance.now();

  private constructor(readonly proc: ChildProcess) {
    const take = (b: Buffer) => (this.log = (this.log + b.toString()).slice(-KEPT_OUTPUT));
    proc.stdout?.on('data', take);
    proc.stderr?.on('data', take);
  }

  /** Spawns the plugin and resolves once the hub lists it `up`; rejects with its output if it exits. */
  static async start(hub: TestHub, o: BuiltPluginOptions): Promise<BuiltPlugin> {
    const proc = spawn(process.execPath, ['--enable-source-maps', o.main], {
      env: { ...process.env, ...hub.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const plugin = new BuiltPlugin(proc);
    const deadline = performance.now() + (o.upWithinMs ?? 60_000);
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(
          `the plugin exited with ${proc.exitCode ?? proc.signalCode}:\n${plugin.log}`,
        );
      if ((await plugin.status(hub, o.name)) === 'up') return plugin;
      if (performance.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`${o.name} was not up within ${o.upWithinMs ?? 60_000} ms:\n${plugin.log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** What it wrote on stdout and stderr (the last 200,000 characters). */
  get output(): string {
    return this.log;
  }

  /** Kills it with SIGKILL and waits until it is gone. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.kill('SIGKILL');
    await exited;
  }

  private async status(hub: TestHub, name: string): Promise<string | undefined> {
    try {
      const res = await fetch(`${hub.env.CASEHUB_URL}/v1/plugins`, {
        headers: { authorization: `Bearer ${hub.env.CASEHUB_API_KEY}` },
      });
      const body = (await res.json()) as { items?: { name: string; status: string }[] };
      return body.items?.find((p) => p.name === name)?.status;
    } catch {
      return undefined; // the core is not answering yet
    }
  }
}
