import { loadWebhookConfig } from './webhook.config.js';
import { startWebhookPlugin } from './webhook.app.js';

try {
  const cfg = loadWebhookConfig();
  const app = await startWebhookPlugin(cfg);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`casehub webhook plugin: delivering to ${cfg.targets.length} target(s)`);
} catch (err) {
  console.error(`casehub webhook plugin: ${(err as Error).message}`);
  process.exit(78);
}
