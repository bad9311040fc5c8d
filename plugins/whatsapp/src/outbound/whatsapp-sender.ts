import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AttachmentMeta } from '@casehub/domain';
import { GraphApiError } from '../graph/graph-api-error.js';
import { GraphClient } from '../graph/graph-client.js';
import type { Recipient } from '../graph/graph-types.js';
import { WhatsAppState, type SendRecord } from '../state/whatsapp-state.js';
import { contentOf, type OutboundPart } from './outbound-part.js';
import { partKey } from './part-key.js';
import { AttachmentUnavailable, ReplyFiles } from './reply-files.service.js';

/**
 * How long a part that was posted before a crash waits for its status webhook before it is sent
 * again. Meta posts `sent` within seconds, and retries a webhook the plugin missed.
 */
export const STATUS_GRACE_MS = 60_000;

/** A part was posted before a restart and its status webhook has not come yet: ask again later. */
export class AwaitingStatus extends Error {
  override name = 'AwaitingStatus';

  constructor(
    readonly delayMs: number,
    part: string,
  ) {
    super(`${part} was posted before a restart; waiting for its status webhook`);
  }
}

/** A WhatsApp message to send once: `key` names it across attempts, replicas and restarts. */
export interface OutboundRequest {
  key: string;
  recipient: Recipient;
  /** What to send, for a first attempt (a later one sends what was recorded then). */
  parts: readonly OutboundPart[];
  /** The reply's attachments, which media parts name by index. */
  attachments?: readonly AttachmentMeta[];
  /** The last delivery of the event: rather send again than wait any longer. */
  lastAttempt?: boolean;
}

/**
 * Sends a message (its parts) through the Cloud API exactly once across redeliveries and crashes:
 * the parts are written before the first request, each part's `postedAt` just before its POST and
 * its wamid after Graph's answer. The Cloud API cannot list sent messages, so a part found posted
 * without a wamid (the process stopped while Graph answered) is looked up among the wamids status
 * webhooks reported for it (each part carries its key as `biz_opaque_callback_data`), waited for
 * up to STATUS_GRACE_MS, and only then sent again.
 */
@Injectable()
export class WhatsAppSender {
  private readonly log = new Logger('WhatsAppSender');

  constructor(
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(WhatsAppState) private readonly state: WhatsAppState,
    @Inject(ReplyFiles) private readonly files: ReplyFiles,
  ) {}

  /** Whether a first attempt was made (its content is fixed then). */
  async started(key: string): Promise<boolean> {
    return (await this.state.sends.get(key)) !== null;
  }

  /**
   * Resolves with each part's wamid; throws GraphApiError when Graph refuses or is away,
   * AttachmentUnavailable, or AwaitingStatus.
   */
  async send(req: OutboundRequest): Promise<string[]> {
    // A first attempt writes the record with its first part marked posted (it goes right after,
    // unless a file must be uploaded first): one write, no read.
    const now = new Date().toISOString();
    const first = req.parts[0];
    const postsAtOnce = first && (first.type === 'text' || first.type === 'template');
    const mine: SendRecord = {
      recipient: req.recipient,
      parts: [...req.parts],
      wamids: req.parts.map(() => null),
      postedAt: req.parts.map((_, i) => (i === 0 && postsAtOnce ? now : null)),
      startedAt: now,
    };
    const { record, begun } = await this.state.sends.start(req.key, mine);
    /** Part 0 was marked posted by this attempt's own first write (not a crashed attempt's). */
    const firstMarkedNow = begun && postsAtOnce;
    for (let i = 0; i < record.parts.length; i++) {
      if (record.wamids[i]) continue;
      const key = partKey(req.key, i);
      const posted = record.postedAt[i];
      if (posted && !(i === 0 && firstMarkedNow)) {
        const found = await this.state.wamidOf(key);
        if (found) {
          record.wamids[i] = found;
          await this.state.sends.save(req.key, record);
          this.log.log(
            `${key} was sent before a restart (its status webhook came); not sending it again`,
          );
          continue;
        }
        const waited = Date.now() - Date.parse(posted);
        if (waited < STATUS_GRACE_MS && !req.lastAttempt)
          throw new AwaitingStatus(Math.min(STATUS_GRACE_MS - waited + 500, 20_000), key);
        this.log.warn(
          `${key}: no status webhook ${Math.round(waited / 1000)} s after it was posted; sending it again`,
        );
      }
      const part = record.parts[i];
      if (part.type !== 'text' && part.type !== 'template' && !part.mediaId) {
        const attachment = req.attachments?.[part.attachment];
        if (!attachment)
          throw new AttachmentUnavailable(`attachment ${part.filename} is gone from the reply`);
        part.mediaId = await this.graph.upload(
          await this.files.bytesOf(attachment),
          part.mimeType,
          part.filename,
        );
        await this.state.sends.save(req.key, record);
      }
      if (!(i === 0 && firstMarkedNow)) {
        record.postedAt[i] = new Date().toISOString();
        await this.state.sends.save(req.key, record);
      }
      let wamid: string;
      try {
        wamid = await this.graph.send({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          ...record.recipient,
          ...contentOf(part),
          biz_opaque_callback_data: key,
        });
      } catch (err) {
        // Graph answered with a refusal: nothing was sent, the next attempt need not wait.
        if (err instanceof GraphApiError && err.status !== null) {
          record.postedAt[i] = null;
          await this.state.sends.save(req.key, record);
        }
        throw err;
      }
      record.wamids[i] = wamid;
      await this.state.sends.save(req.key, record);
    }
    return record.wamids as string[];
  }
}
