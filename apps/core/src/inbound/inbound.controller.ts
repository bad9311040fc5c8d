import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCaseEvent, PermanentFailure } from '@casehub/plugin-sdk';
import { z, ZodError } from 'zod';
import { parseEvent } from '@casehub/domain';
import { InboundService } from './inbound.service.js';

/**
 * The core's side of the inbound path: customer contacts and delivery reports that channel
 * plugins publish on JetStream, taken through the same durable, idempotent transport plugins use.
 */
@Controller()
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @OnCaseEvent('inbound.message')
  async message(@Payload() raw: unknown): Promise<void> {
    await this.inbound.receiveMessage(parse('inbound.message', raw));
  }

  @OnCaseEvent('inbound.delivery')
  async delivery(@Payload() raw: unknown): Promise<void> {
    await this.inbound.recordDelivery(parse('inbound.delivery', raw));
  }
}

/** An event that breaks the contract will never parse: dead-letter it with the reason, at once. */
function parse<N extends 'inbound.message' | 'inbound.delivery'>(name: N, raw: unknown) {
  try {
    return parseEvent(name, raw).data;
  } catch (err) {
    const detail = err instanceof ZodError ? z.prettifyError(err) : (err as Error).message;
    throw new PermanentFailure(`${name} breaks the contract: ${detail}`);
  }
}
