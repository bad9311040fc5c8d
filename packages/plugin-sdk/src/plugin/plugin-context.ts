import { Inject, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';

/** Injection token of the plugin's validated settings: `@InjectPluginConfig() cfg: MyConfig`. */
export const PLUGIN_CONFIG = 'CASEHUB_PLUGIN_CONFIG';
export const InjectPluginConfig = (): ParameterDecorator => Inject(PLUGIN_CONFIG);

/**
 * Where the plugin runs: its name, the event stream and subject prefix it consumes, and a NATS
 * connection of its own (for KV buckets and publishing). Injectable as a class.
 */
export class PluginContext implements OnApplicationShutdown {
  constructor(
    readonly name: string,
    readonly stream: string,
    readonly subjectPrefix: string,
    readonly nc: NatsConnection,
  ) {}

  /** Runs after the transport has drained in-flight handlers, so nothing still needs NATS. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
