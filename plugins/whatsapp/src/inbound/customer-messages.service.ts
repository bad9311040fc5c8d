import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type AttachmentMeta } from '@casehub/domain';
import { InboundPublisher } from '@casehub/plugin-sdk';
import { GraphClient } from '../graph/graph-client.js';
import { MediaFiles } from '../state/media-files.js';
import { WhatsAppState } from '../state/whatsapp-state.js';
import type { ChangeValue, WaMessage } from '../webhooks/webhook-payload.js';
import { messageContent, type MediaRef } from './message-content.js';
import { senderOf } from './sender-of.js';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/**
 * Hands a customer's WhatsApp message to the core (its media downloaded with the token and kept
 * in the plugin's object store), after recording that the customer's 24-hour window is open.
 * Resolves once JetStream stored it; Meta's retries bring the same wamid, which the core keeps once.
 */
@Injectable()
export class CustomerMessages {
  private readonly log = new Logger('WhatsAppInbound');

  constructor(
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(MediaFiles) private readonly files: MediaFiles,
    @Inject(WhatsAppState) private readonly state: WhatsAppState,
  ) {}

  async store(value: ChangeValue, message: WaMessage): Promise<'stored' | 'ignored'> {
    const sender = senderOf(value, message);
    if (!message.id || !sender) {
      this.log.warn('a message without an id or a sender: ignored');
      return 'ignored';
    }
    const content = messageContent(message);
    if (content.kind === 'ignored') {
      this.log.log(`message ${message.id} from ${sender.handle} ignored: ${content.reason}`);
      return 'ignored';
    }
    const seconds = Number(message.timestamp);
    const at = new Date(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now());
    // Before the message is handed in: a reply the agent writes to it finds the window open.
    await this.state.customerWrote(sender.handle, {
      lastCustomerMessageAt: at.toISOString(),
      waId: sender.waId,
      userId: sender.userId,
    });
    const attachments = content.media ? [await this.keep(message.id, content.media)] : [];
    try {
      await this.inbound.message({
        channel: 'social',
        from: { kind: 'social', value: sender.handle, name: sender.name },
        providerMessageId: message.id,
        receivedAt: at.toISOString(),
        body: content.text,
        attachments,
        threading: message.context?.id ? { inReplyTo: message.context.id } : {},
      });
    } catch (err) {
      // An id the hub cannot take as a handle: no retry helps.
      if (!(err instanceof DomainError)) throw err;
      this.log.warn(`message ${message.id} from ${sender.handle} ignored: ${err.message}`);
      return 'ignored';
    }
    return 'stored';
  }

  /** The media file, downloaded with the token (once: kept under the message's id). */
  private async keep(wamid: string, media: MediaRef): Promise<AttachmentMeta> {
    const name = `${wamid}/0`;
    const kept = await this.files.read(name);
    const file = kept
      ? { bytes: kept, mimeType: media.mimeType ?? 'application/octet-stream' }
      : await this.graph.download(media.id);
    const contentType = (media.mimeType ?? file.mimeType).split(';')[0].trim().toLowerCase();
    const ext =
      EXTENSIONS[contentType] ?? /^[a-z]+\/([a-z0-9]{1,8})$/.exec(contentType)?.[1] ?? 'bin';
    return this.files.keep(name, file.bytes, {
      filename: media.filename ?? `whatsapp-${media.kind}-${media.id}.${ext}`,
      contentType,
    });
  }
}
