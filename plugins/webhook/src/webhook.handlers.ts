import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { eventNameOfType, type CloudEvent } from '@casehub/domain';
import { DELIVERABLE } from './webhook.config.js';
import { WebhookSender } from './webhook.sender.js';

/** One handler for every deliverable event; which targets get which events is configuration. */
@Controller()
export class WebhookHandlers {
  constructor(@Inject(WebhookSender) private readonly sender: WebhookSender) {}

  @EventPattern(DELIVERABLE)
  async deliver(@Payload() event: CloudEvent): Promise<void> {
    await this.sender.send(eventNameOfType(event.type) ?? event.type, event);
  }
}
