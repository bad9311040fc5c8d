import { Inject, Injectable } from '@nestjs/common';
import { DeliveryReports as SdkDeliveryReports, InboundPublisher } from '@casehub/plugin-sdk';
import { SmsState } from '../state/sms-state.js';
import { movesForward } from './delivery-rank.js';

export type { DeliveryReport } from '@casehub/plugin-sdk';

/** Delivery reports to the core, only ever forwards, in this provider's order of statuses. */
@Injectable()
export class DeliveryReports extends SdkDeliveryReports {
  constructor(
    @Inject(SmsState) state: SmsState,
    @Inject(InboundPublisher) inbound: InboundPublisher,
  ) {
    super(state.statuses, inbound, movesForward);
  }
}
