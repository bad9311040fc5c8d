import { runPlugin } from '@casehub/plugin-sdk';
import { messengerPlugin } from './messenger.plugin.js';
import { MessengerModule } from './messenger.module.js';

// Exits 78 naming the variable when a setting is wrong; serves Meta's webhook on MESSENGER_PORT.
await runPlugin(messengerPlugin, MessengerModule);
