import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@casehub/domain';
import { JetStreamContext, OnCaseEvent } from '@casehub/plugin-sdk';
import { OutboundService } from './outbound.service.js';

@Controller()
export class OutboundHandlers {
  constructor(@Inject(OutboundService) private readonly outbound: OutboundService) {}

  @OnCaseEvent('case.created')
  caseCreated(@Payload() event: CloudEvent<'case.created'>): Promise<void> {
    return this.outbound.caseCreated(event);
  }

  @OnCaseEvent('message.created')
  messageCreated(
    @Payload() event: CloudEvent<'message.created'>,
    @Ctx() ctx: JetStreamContext,
  ): Promise<void> {
    return this.outbound.messageCreated(event, ctx);
  }

  @OnCaseEvent('case.resolved')
  caseResolved(@Payload() event: CloudEvent<'case.resolved'>): Promise<void> {
    return this.outbound.caseResolved(event);
  }

  @OnCaseEvent('survey.invited')
  surveyInvited(@Payload() event: CloudEvent<'survey.invited'>): Promise<void> {
    return this.outbound.surveyInvited(event);
  }
}
