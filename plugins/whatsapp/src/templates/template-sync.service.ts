import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectPluginConfig, MessageTemplates } from '@casehub/plugin-sdk';
import { GraphClient } from '../graph/graph-client.js';
import { WhatsAppState } from '../state/whatsapp-state.js';
import type { WhatsAppConfig } from '../whatsapp.config.js';
import { syncedTemplates } from './synced-templates.js';

/** Replicas starting together (or a burst of template webhooks) sync once, not each. */
const MIN_GAP_MS = 10_000;

/**
 * Lists the business account's templates at start and every WHATSAPP_TEMPLATE_SYNC_SECONDS and
 * reports them to the hub (`MessageTemplates.publish`): agents see them, and a reply naming one
 * is checked against them. One replica per period does it (a claim in the plugin's bucket); a
 * failed sync is released for the next look. Without WHATSAPP_BUSINESS_ACCOUNT_ID, none.
 */
@Injectable()
export class TemplateSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('WhatsAppTemplates');
  private readonly replica = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private forced = false;

  constructor(
    @InjectPluginConfig() private readonly cfg: WhatsAppConfig,
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(WhatsAppState) private readonly state: WhatsAppState,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.cfg.WHATSAPP_BUSINESS_ACCOUNT_ID) {
      this.log.log('WHATSAPP_BUSINESS_ACCOUNT_ID is not set: no templates are synced');
      return;
    }
    const everyMs = this.cfg.WHATSAPP_TEMPLATE_SYNC_SECONDS * 1000;
    this.timer = setInterval(() => this.tick(), Math.max(250, Math.min(everyMs / 4, 30_000)));
    this.syncSoon();
  }

  /** Syncs at the next chance, however recent the last sync (Meta said a template changed). */
  syncSoon(): void {
    if (!this.timer) return;
    this.forced = true;
    this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running || !this.timer) return;
    const everyMs = this.forced ? MIN_GAP_MS : this.cfg.WHATSAPP_TEMPLATE_SYNC_SECONDS * 1000;
    this.forced = false;
    this.running = this.syncIfDue(everyMs).finally(() => (this.running = null));
  }

  private async syncIfDue(everyMs: number): Promise<void> {
    try {
      if (!(await this.state.claimTemplateSync(everyMs, this.replica))) return;
    } catch (err) {
      this.log.warn(`cannot claim the template sync: ${(err as Error).message}`);
      return;
    }
    try {
      const listed = await this.graph.templates(this.cfg.WHATSAPP_BUSINESS_ACCOUNT_ID!);
      const templates = syncedTemplates(listed);
      await this.templates.publish(templates);
      this.log.log(
        `synced ${templates.length} template(s) of business account ${this.cfg.WHATSAPP_BUSINESS_ACCOUNT_ID}`,
      );
    } catch (err) {
      this.log.warn(`template sync failed, trying again soon: ${(err as Error).message}`);
      await this.state.releaseTemplateSync();
    }
  }
}
