import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectPluginConfig, PluginContext } from '@casehub/plugin-sdk';
import type { MessengerConfig } from './messenger.config.js';

/** Says at start where Meta's webhook is to be configured, and what the plugin serves. */
export class StartupNote implements OnApplicationBootstrap {
  constructor(
    @Inject(PluginContext) private readonly ctx: PluginContext,
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
  ) {}

  onApplicationBootstrap(): void {
    const cfg = this.cfg;
    const where = `${cfg.MESSENGER_PUBLIC_URL ?? '<public URL>'}/messenger/webhook`;
    const instagram = cfg.MESSENGER_INSTAGRAM_ID
      ? ` and Instagram ${cfg.MESSENGER_INSTAGRAM_ID}`
      : '';
    const humanAgent = cfg.MESSENGER_HUMAN_AGENT ? 'granted' : 'not granted';
    new Logger('Messenger').log(
      `${this.ctx.name}: Page ${cfg.MESSENGER_PAGE_ID}${instagram}; Meta's callback URL ${where}; HUMAN_AGENT ${humanAgent}`,
    );
  }
}
