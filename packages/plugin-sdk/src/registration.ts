import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { CONTRACT_VERSION, controlSubject, type PluginManifest } from '@casehub/domain';

/** What the core answers a registering plugin. */
export interface RegistrationReply {
  accepted: boolean;
  reason?: string;
  coreContract: string;
}

/** The core refused this plugin (most often: it speaks another major of the event contract). */
export class RegistrationRefused extends Error {
  override name = 'RegistrationRefused';
}

export type ManifestInput = Omit<PluginManifest, 'contract' | 'name'> & { contract?: string };

/**
 * Introduces the plugin to the core and keeps telling it the plugin is alive, so that
 * `GET /v1/plugins` can show it. A core that is not running yet is not an error: the
 * heartbeats carry the manifest, and the core learns of the plugin when it starts.
 */
export class Registration {
  readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private readonly manifest: PluginManifest;

  constructor(
    private readonly nc: NatsConnection,
    name: string,
    manifest: ManifestInput,
    private readonly prefix: string,
    private readonly onWarn: (msg: string) => void,
  ) {
    this.manifest = { contract: CONTRACT_VERSION, ...manifest, name };
  }

  /** Throws RegistrationRefused when the core says no. */
  async register(): Promise<void> {
    const body = JSON.stringify({ manifest: this.manifest, instanceId: this.instanceId });
    let reply: RegistrationReply;
    try {
      const msg = await this.nc.request(controlSubject('register', this.prefix), body, {
        timeout: 2_000,
      });
      reply = msg.json<RegistrationReply>();
    } catch (err) {
      this.onWarn(
        `the core did not answer the registration (${(err as Error).message}); it will learn of this plugin from its heartbeats`,
      );
      return;
    }
    if (!reply.accepted) {
      throw new RegistrationRefused(
        `The CaseHub core refused plugin ${this.manifest.name}: ${reply.reason ?? 'no reason given'}`,
      );
    }
  }

  startHeartbeat(everyMs: number): void {
    const beat = () =>
      this.nc.publish(
        controlSubject('heartbeat', this.prefix),
        JSON.stringify({
          manifest: this.manifest,
          instanceId: this.instanceId,
          at: new Date().toISOString(),
        }),
      );
    beat();
    this.timer = setInterval(beat, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
