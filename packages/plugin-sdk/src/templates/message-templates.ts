import { Kvm, type KV } from '@nats-io/kv';
import {
  pluginTemplatesSchema,
  templatesBucket,
  type MessageTemplate,
  type PluginTemplates,
} from '@casehub/domain';
import type { PluginContext } from '../plugin/plugin-context.js';

/**
 * The message templates a plugin can send (WhatsApp's approved templates, say), reported to the
 * core: `GET /v1/plugins` lists them and a reply that names one (`template` on
 * `POST /v1/cases/:id/messages`) is checked against them before it is queued. Kept in a
 * JetStream key-value bucket, so the core knows them across restarts of either side.
 */
export class MessageTemplates {
  private constructor(
    private readonly kv: KV,
    private readonly plugin: string,
  ) {}

  static async open(ctx: Pick<PluginContext, 'nc' | 'stream' | 'name'>): Promise<MessageTemplates> {
    const kv = await new Kvm(ctx.nc).create(templatesBucket(ctx.stream), { history: 1 });
    return new MessageTemplates(kv, ctx.name);
  }

  /** Replaces what the core knows of this plugin's templates (all of them, as synced now). */
  async publish(templates: readonly MessageTemplate[]): Promise<void> {
    const report: PluginTemplates = pluginTemplatesSchema.parse({
      plugin: this.plugin,
      syncedAt: new Date().toISOString(),
      templates,
    });
    await this.kv.put(this.plugin, JSON.stringify(report));
  }

  /** What was reported last (by any replica), or null. */
  async current(): Promise<PluginTemplates | null> {
    const e = await this.kv.get(this.plugin);
    return e?.operation === 'PUT' ? pluginTemplatesSchema.parse(e.json()) : null;
  }
}
