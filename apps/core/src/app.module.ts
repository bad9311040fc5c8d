import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { CoreConfig } from './config/config.schema.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { NatsModule } from './nats/nats.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AgentsModule } from './agents/agents.module.js';
import { GroupsModule } from './groups/groups.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { CasesModule } from './cases/cases.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { HealthModule } from './health/health.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { PluginsModule } from './plugins/plugins.module.js';
import { SurveysModule } from './surveys/surveys.module.js';

@Module({})
export class AppModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Requests are logged by the onResponse hook (metrics/http-observability.hook.ts).
          pinoHttp: {
            level: config.LOG_LEVEL,
            autoLogging: false,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        DatabaseModule,
        NatsModule,
        MetricsModule,
        AuthModule,
        AgentsModule,
        GroupsModule,
        ContactsModule,
        CasesModule,
        SurveysModule,
        OutboxModule,
        HealthModule,
        InboundModule,
        PluginsModule,
      ],
    };
  }
}
