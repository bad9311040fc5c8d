import { Module } from '@nestjs/common';
import { PluginRegistry } from './plugin-registry.service.js';
import { PluginsService } from './plugins.service.js';
import { PluginsController } from './plugins.controller.js';

@Module({ controllers: [PluginsController], providers: [PluginRegistry, PluginsService] })
export class PluginsModule {}
