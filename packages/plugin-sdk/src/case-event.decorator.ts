import { EventPattern } from '@nestjs/microservices';
import type { EventName } from '@casehub/domain';

/**
 * Marks a handler for one CaseHub event, e.g. `@OnCaseEvent('case.resolved')`. The handler gets
 * the whole CloudEvent (`@Payload() event: CloudEvent<'case.resolved'>`) and may take a
 * `@Ctx() ctx: JetStreamContext`. It must be idempotent in effect: it runs at least once.
 */
export function OnCaseEvent(name: EventName) {
  return EventPattern(name) as MethodDecorator;
}
