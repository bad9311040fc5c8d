import { Module } from '@nestjs/common';
import { PluginContext, PLUGIN_CONFIG } from '@casehub/plugin-sdk';
import type { EmailConfig } from './email.config.js';
import { EmailState } from './state/email-state.js';
import { MailFiles } from './state/mail-files.js';
import { Mailer } from './outbound/mailer.js';
import { MailTemplates } from './outbound/templates.js';
import { OutboundService } from './outbound/outbound.service.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { MailIntake } from './inbound/mail-intake.service.js';
import { InboundChannels } from './inbound/inbound-channels.service.js';

@Module({
  controllers: [OutboundHandlers],
  providers: [
    Mailer,
    OutboundService,
    MailIntake,
    InboundChannels,
    {
      provide: MailTemplates,
      useFactory: (cfg: EmailConfig) =>
        new MailTemplates(cfg.EMAIL_DEFAULT_LOCALE, cfg.EMAIL_TEMPLATES_DIR),
      inject: [PLUGIN_CONFIG],
    },
    {
      provide: EmailState,
      useFactory: (ctx: PluginContext) => EmailState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: MailFiles,
      useFactory: (ctx: PluginContext) => MailFiles.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class EmailModule {}
