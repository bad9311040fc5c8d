import { Module } from '@nestjs/common';
import { PluginContext } from '@casehub/plugin-sdk';
import { SmppState } from './state/smpp-state.js';
import { SmscLink } from './bind/smsc-link.js';
import { Submitter } from './outbound/submitter.js';
import { OutboundHandlers } from './outbound/outbound.handlers.js';
import { DeliverIntake } from './inbound/deliver-intake.js';

@Module({
  controllers: [OutboundHandlers],
  providers: [
    SmscLink,
    Submitter,
    DeliverIntake,
    {
      provide: SmppState,
      useFactory: (ctx: PluginContext) => SmppState.open(ctx.nc, ctx.stream),
      inject: [PluginContext],
    },
  ],
})
export class SmsSmppModule {}
