import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { hubOfStream } from '@casehub/domain';
import { coreScript } from '../core-entry.js';
import { settings } from '../settings.js';
import { loadStartConfig } from '../start/casehub-config.js';
import { resolvePlugin } from '../start/resolve.js';
import { checkPluginSettings } from '../start/plugin-check.js';

type Verdict = 'ok' | 'warn' | 'fail';
interface Finding {
  verdict: Verdict;
  what: string;
  /** What to do about it, for warn and fail. */
  fix?: string;
}
const MARK: Record<Verdict, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/**
 * `casehub doctor`: checks what a hub needs, in the order it needs it, and says what to fix:
 * Node.js, the database and its migrations, NATS and JetStream, the stream's owner, the core,
 * and each configured plugin's settings (each plugin checks its own: CASEHUB_PLUGIN_CHECK=1).
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check Node.js, the database, NATS, the stream, the core and each plugin, and say what to fix',
    )
    .option(
      '--config <file>',
      'the config file (default: CASEHUB_CONFIG, or ./casehub.config.json)',
    )
    .action(async (o: { config?: string }) => {
      const findings: Finding[] = [];
      const say = (f: Finding) => {
        findings.push(f);
        console.log(`${MARK[f.verdict]}  ${f.what}${f.fix ? `\n      → ${f.fix}` : ''}`);
      };
      say(checkNode());
      const database = checkDatabase();
      say(database.finding);
      for (const f of await checkNats(database.hub)) say(f);
      say(await checkCore());
      for (const f of await checkPlugins(o.config || process.env.CASEHUB_CONFIG || undefined))
        say(f);
      const failed = findings.filter((f) => f.verdict === 'fail').length;
      console.log(failed ? `${failed} problem(s) to fix` : 'all checks passed');
      process.exitCode = failed ? 1 : 0;
    });
}

function checkNode(): Finding {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19)
    ? { verdict: 'ok', what: `Node.js ${process.versions.node}` }
    : {
        verdict: 'fail',
        what: `Node.js ${process.versions.node}`,
        fix: 'install Node.js 20.19 or later',
      };
}

function checkDatabase(): { finding: Finding; hub: string | null } {
  const run = spawnSync(process.execPath, [coreScript('migrate.main.js'), 'status', '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) {
    const why = (run.stderr || run.stdout || 'no answer').trim().replace(/^casehub: /, '');
    return {
      finding: {
        verdict: 'fail',
        what: `database: ${why}`,
        fix: 'check DATABASE_URL, and that the database server runs',
      },
      hub: null,
    };
  }
  const status = JSON.parse(run.stdout) as {
    database: string;
    hub: string | null;
    migrations: { name: string; applied: boolean }[];
  };
  const pending = status.migrations.filter((m) => !m.applied).length;
  const what = `database ${status.database}: ${status.migrations.length - pending} of ${status.migrations.length} migrations applied${status.hub ? `, hub ${status.hub}` : ''}`;
  return {
    finding: pending
      ? {
          verdict: 'warn',
          what,
          fix: 'the core applies them at start (DATABASE_MIGRATE=true), or run casehub migrate up',
        }
      : { verdict: 'ok', what },
    hub: status.hub,
  };
}

async function checkNats(hub: string | null): Promise<Finding[]> {
  const s = settings();
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: s.natsUrl, timeout: 3000 });
  } catch (err) {
    return [
      {
        verdict: 'fail',
        what: `NATS at ${s.natsUrl.join(',')}: ${(err as Error).message}`,
        fix: 'start nats-server -js, or set NATS_URL',
      },
    ];
  }
  try {
    const version = nc.info?.version ?? '?';
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    const account = await jsm.getAccountInfo().catch(() => null);
    if (!account) {
      return [
        {
          verdict: 'fail',
          what: `NATS ${version} at ${nc.getServer()} has no JetStream`,
          fix: 'run nats-server with -js (JetStream)',
        },
      ];
    }
    const findings: Finding[] = [
      { verdict: 'ok', what: `NATS ${version} at ${nc.getServer()}, JetStream on` },
    ];
    const stream = await jsm.streams.info(s.stream).catch(() => null);
    if (!stream) {
      findings.push({
        verdict: 'ok',
        what: `stream ${s.stream}: not created yet (the core creates it at its first start)`,
      });
    } else {
      const owner = hubOfStream(stream.config.description);
      const what = `stream ${s.stream} (${stream.config.subjects.join(', ')}): ${stream.state.messages} events`;
      if (owner && hub && owner !== hub) {
        findings.push({
          verdict: 'fail',
          what: `${what}, owned by hub ${owner}, not this database's hub ${hub}`,
          fix: 'give this hub its own NATS_STREAM and NATS_SUBJECT_PREFIX, or NATS_STREAM_ADOPT=true if the other hub is gone',
        });
      } else if (!stream.config.subjects.includes(`${s.prefix}.v1.>`)) {
        findings.push({
          verdict: 'fail',
          what: `${what}, not on ${s.prefix}.v1.>`,
          fix: 'NATS_SUBJECT_PREFIX must be the one the stream was made with',
        });
      } else findings.push({ verdict: 'ok', what: `${what}${owner ? `, hub ${owner}` : ''}` });
    }
    return findings;
  } finally {
    await nc.close();
  }
}

async function checkCore(): Promise<Finding> {
  const s = settings();
  const res = await fetch(`${s.apiUrl}/health/ready`).catch(() => null);
  if (!res)
    return { verdict: 'ok', what: `core at ${s.apiUrl}: not running (casehub start runs it)` };
  if (res.ok) return { verdict: 'ok', what: `core at ${s.apiUrl}: ready` };
  const body = (await res.json().catch(() => ({}))) as {
    error?: Record<string, { message?: string }>;
  };
  const why = Object.entries(body.error ?? {}).map(([k, v]) => `${k}: ${v.message ?? 'down'}`);
  return {
    verdict: 'fail',
    what: `core at ${s.apiUrl}: not ready (${why.join('; ') || res.status})`,
    fix: 'see its log',
  };
}

async function checkPlugins(configFile: string | undefined): Promise<Finding[]> {
  let config;
  try {
    config = loadStartConfig(configFile, process.cwd());
  } catch (err) {
    return [{ verdict: 'fail', what: (err as Error).message, fix: 'fix the config file' }];
  }
  return Promise.all(
    config.plugins.map(async (spec): Promise<Finding> => {
      const found = resolvePlugin(spec.package, config.baseDir, process.cwd());
      if (!found.ok) {
        return spec.explicit
          ? {
              verdict: 'fail',
              what: `plugin ${spec.name}: ${found.message}`,
              fix: `install ${spec.package}, or remove it from ${config.file}`,
            }
          : { verdict: 'ok', what: `plugin ${spec.name}: not started (${found.message})` };
      }
      const check = await checkPluginSettings(found.entry, { ...process.env, ...spec.env });
      if (check.ok) return { verdict: 'ok', what: `plugin ${spec.name}: settings valid` };
      const { problem } = check;
      return spec.explicit
        ? {
            verdict: 'fail',
            what: `plugin ${spec.name}: ${problem}`,
            fix: `set what it names, or remove ${spec.name} from ${config.file}`,
          }
        : {
            verdict: 'warn',
            what: `plugin ${spec.name}: not started, ${problem}`,
            fix: `set what it names to run it`,
          };
    }),
  );
}
