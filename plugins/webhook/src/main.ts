import { runPlugin } from '@casehub/plugin-sdk';
import { webhookPlugin } from './webhook.plugin.js';
import { WebhookModule } from './webhook.module.js';

// Exits 78 (EX_CONFIG) naming the variable when a setting is wrong: `casehub start` does not
// restart it then; any other start failure exits 1, and is restarted.
await runPlugin(webhookPlugin, WebhookModule);
