import { Inject, Injectable } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import { NatsService } from '../nats/nats.service.js';
import type { PluginsConfig } from './plugins.config.js';
import type { MessageTemplate, PluginTemplates } from '@casehub/domain';
import { TemplatesService } from '../templates/templates.service.js';
import { PluginRegistry, type KnownPlugin } from './plugin-registry.service.js';

export interface PluginView {
  name: string;
  version: string;
  contract: string;
  consumes: string[];
  channels: string[];
  status: 'up' | 'down' | 'refused';
  refusedReason: string | null;
  instances: number;
  lastSeenAt: string;
  /** Events waiting for the plugin's durable consumer (null when NATS cannot say). */
  consumerLag: number | null;
  /** Events the plugin gave up on, in the dead-letter stream. */
  deadLetters: number | null;
  /** The message templates it can send (GET /v1/templates lists them by channel). */
  templates: MessageTemplate[];
  /** When it last reported its templates; null if it never did. */
  templatesSyncedAt: string | null;
}

@Injectable()
export class PluginsService {
  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: NatsConfig & PluginsConfig,
    private readonly registry: PluginRegistry,
    private readonly nats: NatsService,
    private readonly templates: TemplatesService,
  ) {}

  async list(): Promise<PluginView[]> {
    const reports = await this.templates.reports().catch(() => []);
    return Promise.all(
      this.registry.all().map((p) =>
        this.view(
          p,
          reports.find((r) => r.plugin === p.manifest.name),
        ),
      ),
    );
  }

  private async view(p: KnownPlugin, templates?: PluginTemplates): Promise<PluginView> {
    const lastSeen = Math.max(...[...p.instances.values()].map((d) => d.getTime()));
    const alive = [...p.instances.values()].filter(
      (d) => Date.now() - d.getTime() < this.cfg.PLUGIN_DOWN_AFTER_SECONDS * 1000,
    ).length;
    const { lag, dead } = await this.streamFigures(p.manifest.name);
    return {
      name: p.manifest.name,
      version: p.manifest.version,
      contract: p.manifest.contract,
      consumes: p.manifest.consumes,
      channels: p.manifest.channels,
      status: p.refused ? 'refused' : alive > 0 ? 'up' : 'down',
      refusedReason: p.refused,
      instances: alive,
      lastSeenAt: new Date(lastSeen).toISOString(),
      consumerLag: lag,
      deadLetters: dead,
      templates: templates?.templates ?? [],
      templatesSyncedAt: templates?.syncedAt ?? null,
    };
  }

  /** Lag of the plugin's durable consumer and its count in the dead-letter stream. */
  private async streamFigures(name: string): Promise<{ lag: number | null; dead: number | null }> {
    const nc = this.nats.connection();
    if (!nc || nc.isClosed()) return { lag: null, dead: null };
    const jsm = await jetstreamManager(nc);
    const stream = this.cfg.NATS_STREAM;
    const consumer = await jsm.consumers.info(stream, name).catch(() => null);
    const dlq = await jsm.streams
      .info(`${stream}_DLQ`, { subjects_filter: `${this.cfg.NATS_SUBJECT_PREFIX}.dlq.${name}.>` })
      .catch(() => null);
    const dead = dlq ? Object.values(dlq.state.subjects ?? {}).reduce((a, n) => a + n, 0) : 0;
    return { lag: consumer ? consumer.num_pending : null, dead };
  }
}
