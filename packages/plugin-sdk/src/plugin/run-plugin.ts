import type { DynamicModule, Type } from '@nestjs/common';
import { RegistrationRefused } from '../registration.js';
import type { PluginDefinition } from './define-plugin.js';
import { createPluginApp, type PluginAppOptions } from './plugin-app.js';
import { PluginConfigError } from './plugin-config.js';

/**
 * Exit code for what a restart cannot fix (EX_CONFIG): bad settings, or a core that refuses this
 * plugin's contract. `casehub start` does not restart such a plugin.
 */
export const EXIT_CONFIG = 78;

/**
 * A plugin's `main.ts` in one line: starts it, stops it gracefully on SIGTERM/SIGINT (in-flight
 * events finish, the rest stays in the stream), and exits 78 with the variable named when its
 * settings are wrong.
 */
export async function runPlugin<C>(
  definition: PluginDefinition<C>,
  pluginModule: Type | DynamicModule,
  options: PluginAppOptions = {},
): Promise<void> {
  try {
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
    console.log(`casehub ${definition.name} plugin ${definition.version}: consuming events`);
  } catch (err) {
    if (err instanceof PluginConfigError || err instanceof RegistrationRefused) {
      console.error(`casehub: ${err.message}`);
      process.exit(EXIT_CONFIG);
    }
    console.error(`casehub ${definition.name} plugin: failed to start:`, err);
    process.exit(1);
  }
}
