import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { CoreConfig } from './config.schema.js';

/** Injection token of the validated configuration. */
export const CORE_CONFIG = Symbol('CORE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CORE_CONFIG, useValue: config }],
      exports: [CORE_CONFIG],
    };
  }
}
