import { Module } from '@nestjs/common';
import { PluginContext } from '@casehub/plugin-sdk';
import { SmsState } from './state/sms-state.js';
import { MediaFiles, openMediaFiles } from './state/media-files.js';
import { TwilioClient } from './twilio/twilio-client.js';
import { DeliveryReports } from './outbound/delivery-reports.js';
import { SmsSender } from './outbound/sms-sender.js';
import { ReplyDelivery } from './outbound/reply-delivery.service.js';
import { SurveyInvitations } from './outbound/survey-invitation.service.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { InboundIntake } from './webhooks/inbound-intake.service.js';
import { InboundController } from './webhooks/inbound.controller.js';
import { StatusController } from './webhooks/status.controller.js';
import { TwilioSignatureGuard } from './webhooks/twilio-signature.guard.js';

@Module({
  controllers: [OutboundHandlers, InboundController, StatusController],
  providers: [
    TwilioClient,
    TwilioSignatureGuard,
    DeliveryReports,
    SmsSender,
    ReplyDelivery,
    SurveyInvitations,
    InboundIntake,
    {
      provide: SmsState,
      useFactory: (ctx: PluginContext) => SmsState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
    {
      provide: MediaFiles,
      useFactory: (ctx: PluginContext) => openMediaFiles(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class SmsTwilioModule {}
