import { HubModule } from './hub/hub.module.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AgentsModule } from './agents/agents.module.js';
import { GroupsModule } from './groups/groups.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { CasesModule } from './cases/cases.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { TemplatesModule } from './templates/templates.module.js';
import { InteractionsModule } from './interactions/interactions.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { PluginsModule } from './plugins/plugins.module.js';
import { HealthModule } from './health/health.module.js';
import type { Type } from '@nestjs/common';
import type { Migrations } from './database/data-source-options.js';

/** A feature module class; the static members say what it brings besides its providers. */
type Feature = Type & { readonly migrations?: Migrations };

/** The core's features. Each module brings its own entities, migrations and settings. */
export const FEATURES: readonly Feature[] = [
  HubModule,
  ApiKeysModule,
  AgentsModule,
  GroupsModule,
  ContactsModule,
  CasesModule,
  MessagesModule,
  TemplatesModule,
  InteractionsModule,
  TimelineModule,
  SurveysModule,
  OutboxModule,
  InboundModule,
  PluginsModule,
  HealthModule,
];

/** Every feature's migrations (TypeORM runs them in timestamp order). */
export const MIGRATIONS: Migrations = FEATURES.flatMap((f) => f.migrations ?? []);
