import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { CoreConfig } from './core-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { NatsModule } from './nats/nats.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { FEATURES, MIGRATIONS } from './app.features.js';
import { logDestination } from './logging/log-destination.js';

/** The composition root: infrastructure, then every feature. */
@Module({})
export class AppModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Requests are logged by the onResponse hook (metrics/http-observability.hook.ts).
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              autoLogging: false,
              redact: ['req.headers.authorization', 'req.headers.cookie'],
            },
            logDestination(),
          ],
        }),
        DatabaseModule.forRoot(MIGRATIONS),
        NatsModule,
        MetricsModule,
        ...FEATURES,
      ],
    };
  }
}
