import { Child, exitStatus, type Exit } from './child.js';
import type { LogFormat } from './log-format.js';
import type { PluginSpec } from './casehub-config.js';

/** EX_CONFIG: what the core and the plugins exit with when their configuration is wrong. */
export const EX_CONFIG = 78;
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;
/** A plugin that ran this long before crashing was healthy: its back-off starts over. */
export const RESET_AFTER_MS = 60_000;

/** How long to wait before restarting a plugin that crashed after running `ranMs`. */
export function restartDelay(ranMs: number, previousDelayMs: number | null): number {
  if (previousDelayMs === null || ranMs >= RESET_AFTER_MS) return FIRST_DELAY_MS;
  return Math.min(previousDelayMs * 2, MAX_DELAY_MS);
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Runs the core and the plugins: restarts crashed plugins with back-off; stops everything when the
 * core exits, when a plugin named in the config file cannot be configured, or on `shutdown`.
 */
export class Supervisor {
  /** Resolves with the exit code for `casehub start`, once every child has stopped. */
  readonly done: Promise<number>;
  private core: Child | null = null;
  private readonly plugins = new Set<Child>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unconfigured = new Set<string>();
  private stopping = false;
  private finish!: (code: number) => void;

  constructor(
    private readonly log: Log,
    private readonly stopTimeoutMs = 10_000,
    private readonly format: LogFormat = 'json',
  ) {
    this.done = new Promise((r) => (this.finish = r));
  }

  get stopped(): boolean {
    return this.stopping;
  }

  startCore(entry: string, env: NodeJS.ProcessEnv): Child {
    const core = (this.core = this.spawn('core', entry, env));
    void core.exited.then((exit) => {
      if (this.stopping) return;
      this.log.warn(`the core exited (${describe(exit)}); stopping`);
      void this.shutdown(exitStatus(exit));
    });
    return core;
  }

  startPlugin(spec: PluginSpec, entry: string, env: NodeJS.ProcessEnv): void {
    for (let i = 1; i <= spec.replicas; i++) {
      this.run(spec, spec.replicas > 1 ? `${spec.name}#${i}` : spec.name, entry, env, null);
    }
  }

  /** Stops the plugins, then the core (it may own the embedded nats-server they talk to). */
  async shutdown(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.plugins].map((p) => p.stop(this.stopTimeoutMs)));
    await this.core?.stop(this.stopTimeoutMs);
    this.log.info('stopped');
    this.finish(code);
  }

  /** Last resort (a second Ctrl-C, or this process exiting): SIGKILL every child at once. */
  killAll(): void {
    for (const p of this.plugins) p.kill();
    this.core?.kill();
  }

  private run(
    spec: PluginSpec,
    label: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    previousDelayMs: number | null,
  ): void {
    if (this.stopping) return;
    const child = this.spawn(label, entry, env);
    this.plugins.add(child);
    void child.exited.then((exit) => {
      this.plugins.delete(child);
      if (this.stopping) return;
      if (exit.code === EX_CONFIG) return this.unconfigurable(spec);
      const delay = restartDelay(Date.now() - child.startedAt, previousDelayMs);
      this.log.warn(`${label} exited (${describe(exit)}); restarting it in ${delay / 1000} s`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.run(spec, label, entry, env, delay);
      }, delay);
      this.timers.add(timer);
    });
  }

  /** Exit 78: restarting cannot help, since its configuration stays the same. */
  private unconfigurable(spec: PluginSpec): void {
    if (this.unconfigured.has(spec.name)) return; // once, not once per replica
    this.unconfigured.add(spec.name);
    if (spec.explicit) {
      this.log.warn(
        `the ${spec.name} plugin stopped: its configuration is incomplete (exit 78, message above); stopping`,
      );
      void this.shutdown(EX_CONFIG);
    } else {
      this.log.warn(
        `${spec.name} plugin not started: its configuration is incomplete (exit 78, message above); ` +
          `set what it asks for to run it`,
      );
    }
  }

  private spawn(label: string, entry: string, env: NodeJS.ProcessEnv): Child {
    const child = new Child(label, entry, env, this.format);
    this.log.info(`started ${label} (pid ${child.process.pid})`);
    return child;
  }
}

function describe({ code, signal }: Exit): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}
