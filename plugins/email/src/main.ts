import { runPlugin } from '@casehub/plugin-sdk';
import { emailPlugin } from './email.plugin.js';
import { EmailModule } from './email.module.js';

// Exits 78 naming the variable when a setting is wrong; on SIGTERM, mails in hand finish.
await runPlugin(emailPlugin, EmailModule);
