import type { DynamicModule, Type } from '@nestjs/common';
import { RegistrationRefused } from '../registration.js';
import type { PluginDefinition } from './define-plugin.js';
import { createPluginApp, type PluginAppOptions } from './plugin-app.js';
import { loadPluginConfig, PluginConfigError } from './plugin-config.js';
import { boundAddress } from './plugin-http-url.js';

/**
 * Exit code for what a restart cannot fix (EX_CONFIG): bad settings, or a core that refuses this
 * plugin's contract. `casehub start` does not restart such a plugin.
 */
export const EXIT_CONFIG = 78;

/**
 * A plugin's `main.ts` in one line: starts it, stops it gracefully on SIGTERM/SIGINT (in-flight
 * events finish, the rest stays in the stream), and exits 78 with the variable named when its
 * settings are wrong, 1 when it cannot start otherwise (e.g. its HTTP port is in use). With
 * `CASEHUB_PLUGIN_CHECK=1` it only checks its settings: exit 0 when they are valid, 78 if not.
 */
export async function runPlugin<C>(
  definition: PluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options: PluginAppOptions = {},
): Promise<void> {
  try {
    // `casehub doctor` runs each plugin this way: its settings checked, nothing started.
    if (process.env.CASEHUB_PLUGIN_CHECK === '1') {
      await loadPluginConfig(definition, options.env ?? process.env);
      console.log(`casehub ${definition.name} plugin ${definition.version}: settings are valid`);
      process.exit(0);
    }
    const app = await createPluginApp(definition, pluginModule, options);
    const stop = () => {
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`casehub ${definition.name} plugin: unclean stop`, err);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    const http = boundAddress(app);
    console.log(
      `casehub ${definition.name} plugin ${definition.version}: consuming events` +
        (http ? `, serving HTTP on ${hostPort(http.address, http.port)}` : ''),
    );
  } catch (err) {
    if (err instanceof PluginConfigError || err instanceof RegistrationRefused) {
      console.error(`casehub: ${err.message}`);
      process.exit(EXIT_CONFIG);
    }
    const listen = listenFailure(err);
    if (listen) {
      console.error(`casehub ${definition.name} plugin: failed to start: ${listen}`);
      process.exit(1);
    }
    console.error(`casehub ${definition.name} plugin: failed to start:`, err);
    process.exit(1);
  }
}

/** A sentence for a failed `listen()`, naming the port; undefined for any other error. */
function listenFailure(err: unknown): string | undefined {
  const e = err as { code?: unknown; address?: unknown; port?: unknown; syscall?: unknown };
  if (e?.syscall !== 'listen' || typeof e.port !== 'number') return undefined;
  const where = hostPort(typeof e.address === 'string' ? e.address : '', e.port);
  switch (e.code) {
    case 'EADDRINUSE':
      return `cannot serve HTTP on ${where}: port ${e.port} is already in use (another process listens there; stop it or choose another port)`;
    case 'EACCES':
      return `cannot serve HTTP on ${where}: not allowed to listen on port ${e.port} (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `cannot serve HTTP on ${where}: this machine has no address ${String(e.address)}`;
    default:
      return `cannot serve HTTP on ${where} (port ${e.port}): ${String(e.code)}`;
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host || '*'}:${port}`;
}
