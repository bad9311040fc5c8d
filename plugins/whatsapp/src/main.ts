import { runPlugin } from '@casehub/plugin-sdk';
import { whatsappPlugin } from './whatsapp.plugin.js';
import { WhatsAppModule } from './whatsapp.module.js';

// Exits 78 naming the variable when a setting is wrong; serves Meta's webhook on WHATSAPP_PORT.
await runPlugin(whatsappPlugin, WhatsAppModule);
