import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import {
  pickTemplate,
  pluginTemplatesSchema,
  renderTemplate,
  templatesBucket,
  type MessageTemplate,
  type PluginTemplates,
  type TemplateUse,
} from '@casehub/domain';
import { CORE_CONFIG } from '../config/config.module.js';
import type { NatsConfig } from '../nats/nats.config.js';
import { NatsService } from '../nats/nats.service.js';
import { problems } from '../problems/problem.js';

/** A template as listed: which plugin sends it. */
export type ListedTemplate = MessageTemplate & { plugin: string };

/** A plugin's last report as the core holds it (null: deleted), and the key's revision. */
interface Held {
  revision: number;
  report: PluginTemplates | null;
}

/**
 * The message templates channel plugins reported (SDK MessageTemplates), from their shared
 * key-value bucket: listed for agents, and checked before a reply that names one is queued. The
 * bucket is read once and then watched, so a template reply or a plugin listing asks NATS
 * nothing; a lost watch (NATS away) is started again by the next read.
 */
@Injectable()
export class TemplatesService implements OnModuleDestroy {
  private readonly log = new Logger(TemplatesService.name);
  private bucket: Promise<KV> | null = null;
  private held: Promise<Map<string, Held> | null> | null = null;
  private watcher: { stop(): void } | null = null;

  constructor(
    @Inject(CORE_CONFIG) private readonly cfg: NatsConfig,
    private readonly nats: NatsService,
  ) {}

  onModuleDestroy(): void {
    this.watcher?.stop();
  }

  /** Every plugin's last report; none while NATS is out of reach. */
  async reports(): Promise<PluginTemplates[]> {
    const held = await this.watched();
    if (!held) return [];
    return [...held.values()]
      .flatMap((h) => (h.report ? [h.report] : []))
      .sort((a, b) => a.plugin.localeCompare(b.plugin));
  }

  async list(channel?: string): Promise<ListedTemplate[]> {
    return (await this.reports()).flatMap((r) =>
      r.templates
        .filter((t) => channel === undefined || t.channel === channel)
        .map((t) => ({ plugin: r.plugin, ...t })),
    );
  }

  /**
   * The template a reply on `channel` is sent as, with its language resolved, and the text the
   * case's timeline shows for it. A template the channel's plugins do not know, or given the
   * wrong number of parameters, is the client's mistake (422 naming the field).
   */
  async resolve(
    channel: string,
    use: TemplateUse,
  ): Promise<{ template: TemplateUse; body: string }> {
    const known = await this.list(channel);
    const picked = pickTemplate(known, channel, use);
    if (!picked) {
      const names = [...new Set(known.map((t) => `${t.name} (${t.language})`))].slice(0, 20);
      const language = use.language ? ` in language ${use.language}` : '';
      throw problems.unprocessable(
        `No approved template "${use.name}"${language} on channel ${channel}` +
          (use.language || !known.some((t) => t.name === use.name)
            ? ''
            : '; it exists in several languages, so name one') +
          (names.length
            ? `. Templates on ${channel}: ${names.join(', ')}.`
            : '; no plugin on it reported templates.'),
        {
          errors: [
            { pointer: '#/template/name', detail: 'not an approved template of the channel' },
          ],
        },
      );
    }
    if (use.parameters.length !== picked.parameters)
      throw problems.unprocessable(
        `Template "${picked.name}" (${picked.language}) takes ${picked.parameters} parameter(s); ${use.parameters.length} given.`,
        {
          errors: [
            {
              pointer: '#/template/parameters',
              detail: `must have ${picked.parameters} item(s)`,
            },
          ],
        },
      );
    const template = { name: picked.name, language: picked.language, parameters: use.parameters };
    const body = picked.body
      ? renderTemplate(picked.body, use.parameters)
      : `[template ${picked.name} (${picked.language})] ${use.parameters.join(' | ')}`.trim();
    return { template, body };
  }

  private watched(): Promise<Map<string, Held> | null> {
    this.held ??= this.load().then(
      (held) => {
        if (!held) this.held = null; // NATS out of reach: ask again next time
        return held;
      },
      (err: unknown) => {
        this.held = null;
        throw err;
      },
    );
    return this.held;
  }

  /** Watches the bucket's changes first, then reads what is there: nothing falls in between. */
  private async load(): Promise<Map<string, Held> | null> {
    const kv = await this.kv();
    if (!kv) return null;
    const held = new Map<string, Held>();
    const watch = await kv.watch({ include: 'updates' });
    this.watcher = watch;
    const mine = this.held;
    void (async () => {
      try {
        for await (const e of watch) this.hold(held, e.key, e.revision, e);
      } catch (err) {
        this.log.warn(`template reports no longer watched: ${(err as Error).message}`);
      } finally {
        if (this.held === mine) this.held = null;
      }
    })();
    for await (const key of await kv.keys()) {
      const e = await kv.get(key);
      if (e) this.hold(held, key, e.revision, e);
    }
    return held;
  }

  private hold(
    held: Map<string, Held>,
    key: string,
    revision: number,
    e: { operation: string; json<T>(): T },
  ): void {
    if ((held.get(key)?.revision ?? 0) >= revision) return;
    let report: PluginTemplates | null = null;
    if (e.operation === 'PUT') {
      const parsed = pluginTemplatesSchema.safeParse(e.json());
      if (parsed.success) report = parsed.data;
      else this.log.warn(`plugin ${key} reported templates the core cannot read; ignored`);
    }
    held.set(key, { revision, report });
  }

  private async kv(): Promise<KV | null> {
    const nc = this.nats.connection();
    if (!nc || nc.isClosed()) return null;
    // The same settings as the SDK's, so whichever side comes first creates it.
    this.bucket ??= new Kvm(nc).create(templatesBucket(this.cfg.NATS_STREAM), { history: 1 });
    try {
      return await this.bucket;
    } catch (err) {
      this.bucket = null;
      throw err;
    }
  }
}
