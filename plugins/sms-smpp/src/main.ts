import { runPlugin } from '@casehub/plugin-sdk';
import { smsSmppPlugin } from './sms-smpp.plugin.js';
import { SmsSmppModule } from './sms-smpp.module.js';

// Exits 78 naming the variable when a setting is wrong; on SIGTERM it unbinds and hands the
// bind to another replica before it exits.
await runPlugin(smsSmppPlugin, SmsSmppModule);
