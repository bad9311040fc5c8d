import { Global, Module } from '@nestjs/common';
import { NatsService } from './nats.service.js';
import { natsConfigSchema } from './nats.config.js';

/** The connection to NATS and the event stream the core publishes to. */
@Global()
@Module({ providers: [NatsService], exports: [NatsService] })
export class NatsModule {
  static readonly config = natsConfigSchema;
}
