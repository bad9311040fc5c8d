import { runPlugin } from '@casehub/plugin-sdk';
import { telegramPlugin } from './telegram.plugin.js';
import { TelegramModule } from './telegram.module.js';

// Exits 78 naming the variable when a setting is wrong; serves the webhook on TELEGRAM_PORT.
await runPlugin(telegramPlugin, TelegramModule);
