import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@casehub/domain';
import { JetStreamContext, OnCaseEvent } from '@casehub/plugin-sdk';
import { ReplyDelivery } from './reply-delivery.service.js';
import { SurveyInvitations } from './survey-invitation.service.js';

/** The case events this plugin acts on: messages on social cases, survey invitations. */
@Controller()
export class OutboundHandlers {
  constructor(
    @Inject(ReplyDelivery) private readonly replies: ReplyDelivery,
    @Inject(SurveyInvitations) private readonly surveys: SurveyInvitations,
  ) {}

  @OnCaseEvent('message.created')
  messageCreated(
    @Payload() event: CloudEvent<'message.created'>,
    @Ctx() ctx: JetStreamContext,
  ): Promise<void> {
    return this.replies.messageCreated(event, ctx);
  }

  @OnCaseEvent('survey.invited')
  surveyInvited(
    @Payload() event: CloudEvent<'survey.invited'>,
    @Ctx() ctx: JetStreamContext,
  ): Promise<void> {
    return this.surveys.surveyInvited(event, ctx);
  }
}
