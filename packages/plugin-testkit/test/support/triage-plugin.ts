import { Controller, Inject, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { z } from 'zod';
import type { CloudEvent } from '@casehub/domain';
import {
  CoreClient,
  definePlugin,
  InjectPluginConfig,
  OnCaseEvent,
  PermanentFailure,
  type PluginConfigOf,
} from '@casehub/plugin-sdk';

/** A small plugin for the testkit's own tests: it notes on each new case that it saw it. */
export const triagePlugin = definePlugin({
  name: 'triage',
  version: '1.2.3',
  consumes: ['case.created'],
  config: z.object({
    TRIAGE_NOTE: z.string().min(3).default('Triaged'),
    TRIAGE_REFUSE_TAG: z.string().default('poison'),
  }),
});
type TriageConfig = PluginConfigOf<typeof triagePlugin>;

@Controller()
class TriageHandlers {
  constructor(
    @InjectPluginConfig() private readonly cfg: TriageConfig,
    @Inject(CoreClient) private readonly core: CoreClient,
  ) {}

  @OnCaseEvent('case.created')
  async onCreated(@Payload() event: CloudEvent<'case.created'>): Promise<void> {
    if (event.data.case.tags.includes(this.cfg.TRIAGE_REFUSE_TAG)) {
      throw new PermanentFailure(`refusing case #${event.data.case.number}`);
    }
    await this.core.cases.addMessage(event.data.case.id, {
      body: `${this.cfg.TRIAGE_NOTE}: #${event.data.case.number}`,
      visibility: 'internal',
    });
  }
}

@Module({ controllers: [TriageHandlers] })
export class TriageModule {}
