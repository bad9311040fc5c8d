import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module.js';
import { PluginRegistry } from './plugin-registry.service.js';
import { PluginsService } from './plugins.service.js';
import { PluginsController } from './plugins.controller.js';
import { pluginsConfigSchema } from './plugins.config.js';

/** The plugins that registered with the hub, and whether they are alive. */
@Module({
  imports: [TemplatesModule],
  controllers: [PluginsController],
  providers: [PluginRegistry, PluginsService],
})
export class PluginsModule {
  static readonly config = pluginsConfigSchema;
}
