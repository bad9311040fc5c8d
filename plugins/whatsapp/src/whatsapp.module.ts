import { Module } from '@nestjs/common';
import { MessageTemplates, PluginContext } from '@casehub/plugin-sdk';
import { GraphClient } from './graph/graph-client.js';
import { CustomerMessages } from './inbound/customer-messages.service.js';
import { DeliveryReports } from './outbound/delivery-reports.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { Recipients } from './outbound/recipients.service.js';
import { ReplyDelivery } from './outbound/reply-delivery.service.js';
import { ReplyFiles } from './outbound/reply-files.service.js';
import { StatusUpdates } from './outbound/status-updates.service.js';
import { SurveyInvitations } from './outbound/survey-invitation.service.js';
import { WhatsAppSender } from './outbound/whatsapp-sender.js';
import { MediaFiles, openMediaFiles } from './state/media-files.js';
import { WhatsAppState } from './state/whatsapp-state.js';
import { TemplateSync } from './templates/template-sync.service.js';
import { MetaSignatureGuard } from './webhooks/meta-signature.guard.js';
import { WebhookController } from './webhooks/webhook.controller.js';
import { WebhookIntake } from './webhooks/webhook-intake.service.js';

@Module({
  controllers: [OutboundHandlers, WebhookController],
  providers: [
    GraphClient,
    MetaSignatureGuard,
    WebhookIntake,
    CustomerMessages,
    StatusUpdates,
    DeliveryReports,
    Recipients,
    ReplyFiles,
    WhatsAppSender,
    ReplyDelivery,
    SurveyInvitations,
    TemplateSync,
    {
      provide: WhatsAppState,
      useFactory: (ctx: PluginContext) => WhatsAppState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: MediaFiles,
      useFactory: (ctx: PluginContext) => openMediaFiles(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: MessageTemplates,
      useFactory: (ctx: PluginContext) => MessageTemplates.open(ctx),
      inject: [PluginContext],
    },
  ],
})
export class WhatsAppModule {}
