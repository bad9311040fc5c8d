import { z } from 'zod';
import { envPositiveInt } from '../config/env.js';

export const pluginsConfigSchema = z.object({
  /** A plugin with no heartbeat for this long is shown as down. */
  PLUGIN_DOWN_AFTER_SECONDS: envPositiveInt.default(30),
});
export type PluginsConfig = z.infer<typeof pluginsConfigSchema>;
