import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import { GraphApiError } from '../graph/graph-api-error.js';
import { GraphClient, type ConversationMessage, type SendContent } from '../graph/graph-client.js';
import type { MessengerConfig } from '../messenger.config.js';
import { MessengerState, type OutboundPart, type SendRecord } from '../state/messenger-state.js';
import { ReplyFiles } from './reply-files.js';

/** How far before a crashed POST Meta's clock may be (its times have whole seconds). */
const CLOCK_SLACK_MS = 60_000;

/** What to send: `key` names it across attempts, replicas and restarts. */
export type SendPlan = Pick<SendRecord, 'person' | 'messagingType' | 'tag' | 'parts'>;

/**
 * Sends a reply or an invitation once across redeliveries and crashes: its parts are written
 * before the first POST, the part being POSTed is marked in flight, and each mid is written
 * after Meta's answer. A redelivery that finds a part still in flight (the process stopped
 * mid-send) first looks for it in the person's conversation, and sends only what Meta does not
 * have.
 */
@Injectable()
export class MessageSender {
  private readonly log = new Logger('MessengerSender');

  constructor(
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(MessengerState) private readonly state: MessengerState,
    @Inject(ReplyFiles) private readonly files: ReplyFiles,
  ) {}

  /** The send begun under `key` on an earlier attempt, or null. */
  begun(key: string): Promise<SendRecord | null> {
    return this.state.sends.get(key);
  }

  /**
   * Sends what is not sent yet of the send under `key` (begun with `plan` if it was not);
   * resolves with the record, every mid filled in. Throws GraphApiError when Meta refuses or is
   * away.
   */
  async send(key: string, plan: SendPlan): Promise<SendRecord> {
    // A first part that needs no upload goes right after the record is written: the record
    // says so at once (one write, no read, for a first attempt).
    const postsAtOnce = plan.parts[0]?.kind === 'text' || /^https?:/i.test(urlOf(plan.parts[0]));
    const fresh: SendRecord = {
      person: plan.person,
      messagingType: plan.messagingType,
      tag: plan.tag,
      parts: plan.parts,
      mids: plan.parts.map(() => null),
      postedAt: plan.parts.map((_, i) =>
        i === 0 && postsAtOnce ? new Date().toISOString() : null,
      ),
      inFlight: postsAtOnce ? 0 : null,
    };
    const started = await this.state.sends.start(key, fresh);
    let record = started.record;
    /** Part 0 was marked in flight by this attempt's own first write. */
    const firstMarkedNow = started.begun && postsAtOnce;
    if (!started.begun && record.inFlight !== null) record = await this.reconcile(key, record);
    for (let i = 0; i < record.parts.length; i++) {
      if (record.mids[i]) continue;
      const content = await this.contentOf(record.parts[i]);
      if (!(i === 0 && firstMarkedNow)) {
        record.inFlight = i;
        record.postedAt[i] = new Date().toISOString();
        await this.state.sends.save(key, record);
      }
      let mid: string;
      try {
        mid = await this.graph.send({
          recipient: record.person,
          messagingType: record.messagingType,
          tag: record.tag,
          content,
        });
      } catch (err) {
        // Meta answered: it does not have this part. Without an answer, nobody knows yet.
        if (err instanceof GraphApiError && err.status !== null) {
          record.inFlight = null;
          await this.state.sends.save(key, record);
        }
        throw err;
      }
      record.mids[i] = mid;
      record.inFlight = null;
      await Promise.all([this.state.sends.save(key, record), this.state.claim(mid, key)]);
    }
    return record;
  }

  private async contentOf(part: OutboundPart): Promise<SendContent> {
    if (part.kind === 'text') return { kind: 'text', text: part.text };
    if (/^https?:\/\//i.test(part.url)) return { kind: 'url', type: part.type, url: part.url };
    return {
      kind: 'upload',
      type: part.type,
      bytes: await this.files.read(part.url),
      filename: part.filename,
      contentType: part.contentType,
    };
  }

  /** Finds the part in flight in the conversation, if Meta took it before the process stopped. */
  private async reconcile(key: string, record: SendRecord): Promise<SendRecord> {
    const i = record.inFlight!;
    const since = Date.parse(record.postedAt[i] ?? new Date(0).toISOString()) - CLOCK_SLACK_MS;
    const ours = new Set([this.cfg.MESSENGER_PAGE_ID, this.cfg.MESSENGER_INSTAGRAM_ID]);
    for (const m of await this.graph.conversation(record.person)) {
      if (!ours.has(m.fromId) || m.createdTime.getTime() < since || record.mids.includes(m.id))
        continue;
      if (!sameContent(record.parts[i], m)) continue;
      const owner = await this.state.ownerOf(m.id);
      if (owner !== null && owner !== key) continue; // the same words, another message's
      record.mids[i] = m.id;
      await this.state.claim(m.id, key);
      this.log.log(`${key}: part ${i + 1} was sent before a restart; not sending it again`);
      break;
    }
    record.inFlight = null;
    await this.state.sends.save(key, record);
    return record;
  }
}

function sameContent(part: OutboundPart, m: ConversationMessage): boolean {
  return part.kind === 'text' ? m.text === part.text : m.attachmentNames.includes(part.filename);
}

function urlOf(part: OutboundPart | undefined): string {
  return part?.kind === 'attachment' ? part.url : '';
}
