import { Inject, Injectable } from '@nestjs/common';
import { DeliveryReports as SdkDeliveryReports, InboundPublisher } from '@casehub/plugin-sdk';
import { MessengerState } from '../state/messenger-state.js';
import { movesForward } from './delivery-rank.js';

export type { DeliveryReport } from '@casehub/plugin-sdk';

/** Delivery reports to the core, only ever forwards, in this provider's order of statuses. */
@Injectable()
export class DeliveryReports extends SdkDeliveryReports {
  constructor(
    @Inject(MessengerState) state: MessengerState,
    @Inject(InboundPublisher) inbound: InboundPublisher,
  ) {
    super(state.statuses, inbound, movesForward);
  }
}
