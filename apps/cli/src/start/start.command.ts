import type { Command } from 'commander';
import { loadStartConfig, StartConfigError, type PluginSpec } from './casehub-config.js';
import { coreUrl, waitForCore } from './core-ready.js';
import { resolvePlugin } from './resolve.js';
import { CORE_NOT_BUILT, findCoreScript } from '../core-entry.js';
import { settings } from '../settings.js';
import { EX_CONFIG, Supervisor, type Log } from './supervisor.js';
import { checkPluginSettings } from './plugin-check.js';
import { LOG_FORMATS, logFormatOf } from './log-format.js';

/** The cli's own variables: the core would warn about them as misspelt settings of its own. */
const CLI_ONLY = ['CASEHUB_CONFIG', 'CASEHUB_URL', 'CASEHUB_API_KEY'];

const log: Log = {
  info: (m) => console.log(`casehub: ${m}`),
  warn: (m) => console.error(`casehub: ${m}`),
};

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'run the core and the plugins named in casehub.config.json (default: email, survey, ' +
        'webhook); restarts plugins that crash',
    )
    .option(
      '--config <file>',
      'the config file (default: CASEHUB_CONFIG, or ./casehub.config.json)',
    )
    .action(async (o: { config?: string }) => {
      process.exit(await start(o.config || process.env.CASEHUB_CONFIG || undefined));
    });
}

/** Runs the hub until a signal or the core's exit; resolves with the process's exit code. */
export async function start(configFile: string | undefined, cwd = process.cwd()): Promise<number> {
  let plugins: PluginSpec[], file: string | null, baseDir: string;
  try {
    ({ plugins, file, baseDir } = loadStartConfig(configFile, cwd));
  } catch (err) {
    if (!(err instanceof StartConfigError)) throw err;
    log.warn(err.message);
    return EX_CONFIG;
  }

  if (
    process.env.LOG_FORMAT &&
    !(LOG_FORMATS as readonly string[]).includes(process.env.LOG_FORMAT)
  ) {
    log.warn(`LOG_FORMAT: must be ${LOG_FORMATS.join(', ')} (got ${process.env.LOG_FORMAT})`);
    return EX_CONFIG;
  }
  const format = logFormatOf(process.env, process.stdout.isTTY === true);
  const skipped: string[] = [];

  // Every plugin is found, and its settings checked, before anything starts: one named in the
  // file that is missing or misconfigured is an error; a default one is skipped, said once.
  const found: { spec: PluginSpec; entry: string }[] = [];
  for (const spec of plugins) {
    const resolved = resolvePlugin(spec.package, baseDir, cwd);
    if (resolved.ok) found.push({ spec, entry: resolved.entry });
    else if (spec.explicit) {
      log.warn(
        `${file}: plugin ${spec.name}: ${resolved.message}; install it or remove it from the file`,
      );
      return EX_CONFIG;
    } else {
      log.info(`${spec.name} plugin not started: ${resolved.message}`);
      skipped.push(`${spec.name}: ${resolved.message}`);
    }
  }
  const checks = await Promise.all(
    found.map(({ spec, entry }) => checkPluginSettings(entry, { ...process.env, ...spec.env })),
  );
  const runnable: typeof found = [];
  for (const [i, check] of checks.entries()) {
    const { spec } = found[i];
    if (check.ok) runnable.push(found[i]);
    else if (spec.explicit) {
      log.warn(
        `plugin ${spec.name}: ${check.problem}; set it, or remove ${spec.name} from ${file}`,
      );
      return EX_CONFIG;
    } else {
      log.info(`${spec.name} plugin not started: ${check.problem} (set it to run the plugin)`);
      skipped.push(`${spec.name}: ${check.problem}`);
    }
  }

  const coreEntry = findCoreScript('main.js', cwd);
  if (!coreEntry) {
    log.warn(CORE_NOT_BUILT);
    return 1;
  }

  // One pipe per child stream ends in stdout/stderr: many replicas are not a listener leak.
  process.stdout.setMaxListeners(0);
  process.stderr.setMaxListeners(0);
  const hub = new Supervisor(log, undefined, format);
  // Ctrl-C under pnpm arrives twice (from the terminal, and forwarded by pnpm): a second signal
  // within a second is the same one. Later, a second signal means "stop now".
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (firstSignalAt && Date.now() - firstSignalAt < 1_000) return;
      if (firstSignalAt) {
        log.warn('stopping now (SIGKILL)');
        hub.killAll();
        process.exit(1);
      }
      firstSignalAt = Date.now();
      log.info(`${signal}: stopping the plugins, then the core`);
      void hub.shutdown(0);
    });
  }
  process.once('exit', () => hub.killAll()); // no orphans, whatever happens to this process

  // Children write JSON lines into their pipes; this process renders them in a terminal.
  const coreEnv: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json' };
  for (const name of CLI_ONLY) delete coreEnv[name];
  const core = hub.startCore(coreEntry, coreEnv);
  if (await waitForCore(coreUrl(process.env), core, log.warn)) {
    // Each plugin's `env` goes to that plugin only.
    for (const { spec, entry } of runnable) {
      hub.startPlugin(spec, entry, { ...process.env, ...spec.env, LOG_FORMAT: 'json' });
    }
    if (format === 'pretty')
      console.log(
        summary(
          runnable.map((r) => r.spec),
          skipped,
        ),
      );
  }
  return hub.done;
}

/** What a person starting the hub in a terminal needs to know, in one block. */
function summary(running: PluginSpec[], skipped: string[]): string {
  const env = process.env;
  const s = settings(env);
  const url = coreUrl(env).replace('127.0.0.1', 'localhost');
  const dataDir = (env.CASEHUB_DATA_DIR || './data').replace(/\/$/, '');
  const database = (env.DATABASE_URL || `sqlite:${dataDir}/casehub.db`).replace(
    /\/\/([^:/@]+):[^@/]*@/,
    '//$1:***@',
  );
  const rows: [string, string][] = [
    ['API', `${url}  (docs ${url}/docs)`],
    ['database', database],
    ['NATS', `${s.natsUrl.join(',')}, stream ${s.stream}`],
    [
      'plugins',
      running.map((p) => (p.replicas > 1 ? `${p.name} ×${p.replicas}` : p.name)).join(', ') ||
        'none',
    ],
    ...skipped.map((s): [string, string] => ['not run', s]),
  ];
  return [
    'casehub: the hub is up (Ctrl-C stops it)',
    ...rows.map(([k, v]) => `  ${k.padEnd(9)} ${v}`),
  ].join('\n');
}
