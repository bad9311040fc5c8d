import { runPlugin } from '@casehub/plugin-sdk';
import { smsTwilioPlugin } from './sms-twilio.plugin.js';
import { SmsTwilioModule } from './sms-twilio.module.js';

// Exits 78 naming the variable when a setting is wrong; serves Twilio's webhooks on SMS_TWILIO_PORT.
await runPlugin(smsTwilioPlugin, SmsTwilioModule);
