import { BuiltPlugin, type BuiltPluginOptions } from './built-plugin.js';
import type { TestHub } from './test-hub.js';

/**
 * The successive runs of one built plugin in a crash test: `run()` starts it (again), `kill()`
 * SIGKILLs the latest run, `output()` is what every run wrote, in order. The hub and the
 * options are read at each start (they are made in `beforeAll`).
 *
 * ```ts
 * const { run, kill, output, killAll } = new BuiltPluginRuns(() => hub, () => ({ main, name, env }));
 * ```
 */
export class BuiltPluginRuns {
  private readonly runs: BuiltPlugin[] = [];

  constructor(
    private readonly hub: () => TestHub,
    private readonly options: () => BuiltPluginOptions,
  ) {}

  /** The run started last, if any. */
  get latest(): BuiltPlugin | undefined {
    return this.runs.at(-1);
  }

  readonly run = async (): Promise<BuiltPlugin> => {
    const started = await BuiltPlugin.start(this.hub(), this.options());
    this.runs.push(started);
    return started;
  };

  readonly kill = (): Promise<void> => this.runs.at(-1)!.kill();

  readonly output = (): string => this.runs.map((r) => r.output).join('');

  readonly killAll = async (): Promise<void> => {
    await Promise.all(this.runs.map((r) => r.kill()));
  };
}
