import { Module } from '@nestjs/common';
import { PluginContext } from '@casehub/plugin-sdk';
import { TelegramClient } from './bot-api/telegram-client.js';
import { ConversationCases } from './inbound/conversation-cases.service.js';
import { MembershipConsent } from './inbound/membership-consent.service.js';
import { SecretTokenGuard } from './inbound/secret-token.guard.js';
import { UpdateIntake } from './inbound/update-intake.service.js';
import { UpdatePoller } from './inbound/update-poller.service.js';
import { WebhookController } from './inbound/webhook.controller.js';
import { WebhookRegistration } from './inbound/webhook-registration.service.js';
import { AttachmentSource } from './outbound/attachment-source.js';
import { CaseTargets } from './outbound/case-targets.service.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { ReplyDelivery } from './outbound/reply-delivery.service.js';
import { SurveyInvitations } from './outbound/survey-invitation.service.js';
import { TelegramSender } from './outbound/telegram-sender.js';
import { openTelegramFiles, TelegramFiles } from './state/telegram-files.js';
import { TelegramState } from './state/telegram-state.js';

@Module({
  controllers: [OutboundHandlers, WebhookController],
  providers: [
    TelegramClient,
    SecretTokenGuard,
    WebhookRegistration,
    UpdatePoller,
    UpdateIntake,
    ConversationCases,
    MembershipConsent,
    AttachmentSource,
    CaseTargets,
    TelegramSender,
    ReplyDelivery,
    SurveyInvitations,
    {
      provide: TelegramState,
      useFactory: (ctx: PluginContext) => TelegramState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: TelegramFiles,
      useFactory: (ctx: PluginContext) => openTelegramFiles(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class TelegramModule {}
