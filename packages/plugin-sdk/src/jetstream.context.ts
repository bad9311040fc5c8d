import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';

/** What a handler may know about the delivery: `@Ctx() ctx: JetStreamContext`. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, CloudEvent, number?]> {
  /** The CloudEvent as received (the handler's payload is its `data`'s envelope). */
  get event(): CloudEvent {
    return this.args[1];
  }

  /** 1 on the first delivery, 2 on the first retry, … */
  get attempt(): number {
    return this.args[0].info.deliveryCount;
  }

  /**
   * Whether a failure now sends the event to the dead-letter stream (the transport's
   * maxAttempts is reached): the moment to report the failure wherever users will see it.
   */
  get isLastAttempt(): boolean {
    const max = this.args[2];
    return max !== undefined && this.attempt >= max;
  }

  get subject(): string {
    return this.args[0].subject;
  }

  /** Tells JetStream the handler is still busy, postponing redelivery (long calls to a provider). */
  working(): void {
    this.args[0].working();
  }
}
