import { Global, Module } from '@nestjs/common';
import { HubService } from './hub.service.js';
import { CreateHub1766000000100 } from './migrations/1766000000100-create-hub.js';

/** The hub's identity, which its stream and its events carry. */
@Global()
@Module({ providers: [HubService], exports: [HubService] })
export class HubModule {
  static readonly migrations = [CreateHub1766000000100];
}
