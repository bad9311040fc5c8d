import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import type { PluginEnv } from './define-plugin.js';

/**
 * A plugin's logger: JSON lines, like the core's, unless LOG_FORMAT=pretty or (LOG_FORMAT=auto,
 * the default) its output is a terminal. `casehub start` pipes its plugins' output and renders the
 * JSON for a person when it runs in a terminal itself.
 */
export function pluginLogger(env: PluginEnv, isTTY = process.stdout.isTTY === true): LoggerService {
  const format = env.LOG_FORMAT ?? 'auto';
  const json = format === 'json' || (format !== 'pretty' && !isTTY);
  return new ConsoleLogger({ json, colors: !json && isTTY });
}
