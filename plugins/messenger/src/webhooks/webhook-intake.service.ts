import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AttachmentMeta } from '@casehub/domain';
import { InboundPublisher, InjectPluginConfig } from '@casehub/plugin-sdk';
import { GraphClient } from '../graph/graph-client.js';
import type { MessengerConfig } from '../messenger.config.js';
import { Receipts } from '../outbound/receipts.service.js';
import { handleOf, type Person, type Platform } from '../people/person.js';
import { Profiles } from '../people/profiles.service.js';
import { MessengerFiles } from '../state/attachment-files.js';
import { MessengerState } from '../state/messenger-state.js';
import { withDeadline } from './deadline.js';
import { inboundContent, type InboundFile } from './inbound-content.js';
import {
  messagingEventSchema,
  metaWebhookSchema,
  type MessagingEvent,
  type MetaMessage,
} from './meta-webhook.js';

/** Meta waits about 20 s for an answer: what is not stored by then is answered 503. */
const DEADLINE_MS = 15_000;
/** More files than a person sends in one message; Meta's own limit is lower. */
const MAX_FILES = 10;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'application/pdf': 'pdf',
};

/**
 * Stores every event of a webhook: people's messages go to the core (`inbound.message`, with
 * their name and files, their windows opened at the message's time), delivery and read events
 * become reports on the replies they cover. Echoes of the Page's own messages are passed over.
 * Resolves once all of it is stored; Meta's retry of a failed POST brings the same mids, which
 * the core keeps once.
 */
@Injectable()
export class WebhookIntake {
  private readonly log = new Logger('MessengerInbound');

  constructor(
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(MessengerState) private readonly state: MessengerState,
    @Inject(Profiles) private readonly profiles: Profiles,
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(MessengerFiles) private readonly files: MessengerFiles,
    @Inject(Receipts) private readonly receipts: Receipts,
  ) {}

  receive(raw: Buffer): Promise<void> {
    return withDeadline(this.store(raw), DEADLINE_MS, 'storing the webhook');
  }

  private async store(raw: Buffer): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      this.log.warn('a signed webhook that is not JSON: ignored');
      return;
    }
    const webhook = metaWebhookSchema.safeParse(json);
    if (!webhook.success) {
      this.log.warn('a signed webhook without object and entry: ignored');
      return;
    }
    for (const entry of webhook.data.entry) {
      const platform = this.platformOf(webhook.data.object, entry.id);
      if (!platform) continue;
      for (const item of entry.messaging ?? []) {
        const event = messagingEventSchema.safeParse(item);
        if (!event.success) {
          this.log.warn(`an event of the ${platform} webhook this plugin does not read: ignored`);
          continue;
        }
        await this.event(platform, event.data);
      }
    }
  }

  /** Which platform an entry is for: ours, or someone else's Page (null: passed over). */
  private platformOf(object: string, accountId: string): Platform | null {
    if (object === 'page' && accountId === this.cfg.MESSENGER_PAGE_ID) return 'messenger';
    if (
      object === 'instagram' &&
      this.cfg.MESSENGER_INSTAGRAM_ID &&
      accountId === this.cfg.MESSENGER_INSTAGRAM_ID
    ) {
      return 'instagram';
    }
    this.log.warn(`an entry for ${object} ${accountId}, which this plugin does not serve: ignored`);
    return null;
  }

  private async event(platform: Platform, e: MessagingEvent): Promise<void> {
    const person: Person = { platform, id: e.sender.id };
    if (e.message) {
      // The Page's own messages come back as echoes: they are replies, not the customer's words.
      if (e.message.is_echo || e.message.is_deleted) return;
      await this.message(person, e.message, e.timestamp ?? Date.now());
    }
    if (e.delivery) {
      await this.receipts.received(person, 'delivered', {
        watermark: e.delivery.watermark,
        mids: e.delivery.mids ?? [],
      });
    }
    if (e.read) {
      await this.receipts.received(person, 'read', {
        watermark: e.read.watermark ?? undefined,
        mid: e.read.mid ?? undefined,
      });
    }
  }

  private async message(person: Person, message: MetaMessage, timestamp: number): Promise<void> {
    const at = new Date(timestamp);
    const content = inboundContent(message);
    const [name, attachments] = await Promise.all([
      this.profiles.nameOf(person),
      this.download(message.mid, content.files),
    ]);
    await this.state.customerWrote(person, at);
    const replyTo = message.reply_to?.mid;
    await this.inbound.message({
      channel: 'social',
      from: { kind: 'social', value: handleOf(person), name },
      providerMessageId: message.mid,
      receivedAt: at.toISOString(),
      body: content.body,
      attachments,
      threading: replyTo ? { inReplyTo: replyTo } : {},
    });
  }

  /** The message's files, fetched from Meta's CDN and kept in the plugin's object store. */
  private async download(mid: string, files: InboundFile[]): Promise<AttachmentMeta[]> {
    const out: AttachmentMeta[] = [];
    for (const [i, file] of files.slice(0, MAX_FILES).entries()) {
      const got = await this.graph.download(file.url);
      const contentType = got.contentType.split(';')[0].trim().toLowerCase();
      const ext =
        EXTENSIONS[contentType] ?? /^[a-z]+\/([a-z0-9]{1,8})$/.exec(contentType)?.[1] ?? 'bin';
      const filename = file.stickerId
        ? `sticker-${file.stickerId}.${ext}`
        : `${file.type}-${i + 1}.${ext}`;
      out.push(await this.files.keep(`${mid}/${i}`, got.bytes, { filename, contentType }));
    }
    return out;
  }
}
