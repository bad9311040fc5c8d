import { Module } from '@nestjs/common';
import { PluginContext } from '@casehub/plugin-sdk';
import { GraphClient } from './graph/graph-client.js';
import { DeliveryReports } from './outbound/delivery-reports.js';
import { MessageSender } from './outbound/message-sender.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { Receipts } from './outbound/receipts.service.js';
import { ReplyDelivery } from './outbound/reply-delivery.service.js';
import { ReplyFiles } from './outbound/reply-files.js';
import { SurveyInvitations } from './outbound/survey-invitation.service.js';
import { Profiles } from './people/profiles.service.js';
import { Recipients } from './people/recipients.service.js';
import { MessengerFiles, openMessengerFiles } from './state/attachment-files.js';
import { MessengerState } from './state/messenger-state.js';
import { StartupNote } from './startup-note.js';
import { MetaSignatureGuard } from './webhooks/meta-signature.guard.js';
import { WebhookController } from './webhooks/webhook.controller.js';
import { WebhookIntake } from './webhooks/webhook-intake.service.js';

/**
 * Messenger and Instagram: Meta's webhook in (messages, deliveries, reads), replies and survey
 * invitations out, the state in the plugin's JetStream bucket and object store.
 */
@Module({
  controllers: [OutboundHandlers, WebhookController],
  providers: [
    GraphClient,
    MetaSignatureGuard,
    DeliveryReports,
    Receipts,
    Profiles,
    Recipients,
    ReplyFiles,
    MessageSender,
    ReplyDelivery,
    SurveyInvitations,
    WebhookIntake,
    StartupNote,
    {
      provide: MessengerState,
      useFactory: (ctx: PluginContext) => MessengerState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: MessengerFiles,
      useFactory: (ctx: PluginContext) => openMessengerFiles(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class MessengerModule {}
