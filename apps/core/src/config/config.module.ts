import { Global, Module, type DynamicModule } from '@nestjs/common';

/** Injection token of the validated configuration; each module reads it as its own slice's type. */
export const CORE_CONFIG = Symbol('CORE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CORE_CONFIG, useValue: config }],
      exports: [CORE_CONFIG],
    };
  }
}
