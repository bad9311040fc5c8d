import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import {
  CONTRACT_VERSION,
  contractCompatible,
  controlSubject,
  pluginManifestSchema,
  type PluginManifest,
} from '@casehub/domain';
import { z } from 'zod';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import { NatsService } from '../nats/nats.service.js';

export interface KnownPlugin {
  manifest: PluginManifest;
  refused: string | null;
  /** instance id → last heartbeat or registration. */
  instances: Map<string, Date>;
}

const announcement = z.object({ manifest: z.unknown(), instanceId: z.string().min(1).max(100) });

/**
 * Which plugins run: they register at start (one core replica answers, from a queue group) and
 * send heartbeats (every replica hears them), so any replica can answer GET /v1/plugins.
 */
@Injectable()
export class PluginRegistry implements OnApplicationBootstrap {
  private readonly log = new Logger(PluginRegistry.name);
  private readonly plugins = new Map<string, KnownPlugin>();

  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: NatsConfig,
    private readonly nats: NatsService,
  ) {}

  onApplicationBootstrap(): void {
    this.nats.onConnected((nc) => this.listen(nc));
  }

  all(): KnownPlugin[] {
    return [...this.plugins.values()].sort((a, b) =>
      a.manifest.name.localeCompare(b.manifest.name),
    );
  }

  private listen(nc: NatsConnection): void {
    const prefix = this.cfg.NATS_SUBJECT_PREFIX;
    nc.subscribe(controlSubject('register', prefix), {
      queue: 'casehub-core',
      callback: (err, msg) => {
        if (!err) msg.respond(JSON.stringify(this.register(msg)));
      },
    });
    nc.subscribe(controlSubject('heartbeat', prefix), {
      callback: (err, msg) => {
        if (!err) this.register(msg, true);
      },
    });
  }

  /** Records a plugin instance; a plugin built for another contract major is refused. */
  private register(
    msg: Msg,
    heartbeat = false,
  ): { accepted: boolean; reason?: string; coreContract: string } {
    const refuse = (reason: string) => ({
      accepted: false,
      reason,
      coreContract: CONTRACT_VERSION,
    });
    let parsed: { manifest: PluginManifest; instanceId: string };
    try {
      const raw = announcement.parse(msg.json());
      parsed = { manifest: pluginManifestSchema.parse(raw.manifest), instanceId: raw.instanceId };
    } catch (err) {
      const reason =
        err instanceof z.ZodError ? z.prettifyError(err) : 'the registration is not JSON';
      if (!heartbeat) this.log.error(`a plugin registration was refused: ${reason}`);
      return refuse(`its manifest is not valid: ${reason}`);
    }
    const { manifest, instanceId } = parsed;
    const known = this.plugins.get(manifest.name) ?? {
      manifest,
      refused: null,
      instances: new Map(),
    };
    known.manifest = manifest;
    known.instances.set(instanceId, new Date());
    this.plugins.set(manifest.name, known);
    if (!contractCompatible(CONTRACT_VERSION, manifest.contract)) {
      known.refused =
        `it was built for event contract ${manifest.contract}, and this core speaks ${CONTRACT_VERSION}: ` +
        `use a release of the plugin built for ${CONTRACT_VERSION.split('.')[0]}.x, or a core that speaks ${manifest.contract}`;
      if (!heartbeat)
        this.log.error(`plugin ${manifest.name} ${manifest.version} refused: ${known.refused}`);
      return refuse(known.refused);
    }
    known.refused = null;
    if (!heartbeat)
      this.log.log(
        `plugin ${manifest.name} ${manifest.version} registered (contract ${manifest.contract})`,
      );
    return { accepted: true, coreContract: CONTRACT_VERSION };
  }
}
