import { Module } from '@nestjs/common';
import { PluginContext } from '@casehub/plugin-sdk';
import { DeliveryLog } from './delivery-log.js';
import { WebhookHandlers } from './webhook.handlers.js';
import { WebhookSender } from './webhook.sender.js';

@Module({
  controllers: [WebhookHandlers],
  providers: [
    WebhookSender,
    {
      provide: DeliveryLog,
      useFactory: (ctx: PluginContext) => DeliveryLog.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class WebhookModule {}
