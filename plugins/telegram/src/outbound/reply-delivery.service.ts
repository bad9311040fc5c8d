import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CloudEvent } from '@casehub/domain';
import { HandleLater, InboundPublisher, type JetStreamContext } from '@casehub/plugin-sdk';
import { providerMessageId } from '../inbound/telegram-ids.js';
import { TelegramState } from '../state/telegram-state.js';
import { recordBlocked } from './blocked-opt-out.js';
import { CaseTargets } from './case-targets.service.js';
import { sendVerdict } from './send-verdict.js';
import { TelegramSender } from './telegram-sender.js';

/**
 * Sends the team's public replies on social cases whose conversation is on Telegram, once, and
 * reports what became of each: `sent` with the provider id of its first message (customers'
 * answers to it thread to the case), or `failed` with the reason.
 */
@Injectable()
export class ReplyDelivery {
  private readonly log = new Logger('TelegramReplies');

  constructor(
    @Inject(TelegramSender) private readonly sender: TelegramSender,
    @Inject(CaseTargets) private readonly targets: CaseTargets,
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  async messageCreated(event: CloudEvent<'message.created'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, message: m } = event.data;
    if ((m.channel ?? c.channel) !== 'social') return;
    if (m.authorType === 'contact') return this.targets.customerWrote(c, m);
    // A reply to an opted-out contact arrives already failed (opted_out) and is never sent.
    if (m.visibility !== 'public' || m.deliveryStatus !== 'pending') return;
    const to = await this.targets.of(c);
    if (!to) return; // another social plugin's case
    const failed = (error: string) =>
      this.inbound.delivery({
        messageId: m.id,
        status: 'failed',
        error,
        at: new Date().toISOString(),
      });
    if (!m.body.trim() && m.attachments.length === 0) {
      await failed('an empty reply cannot be sent');
      return;
    }
    let sent;
    try {
      sent = await this.sender.send({
        key: `reply.${m.id}`,
        to,
        text: m.body,
        attachments: m.attachments,
      });
    } catch (err) {
      const verdict = sendVerdict(err, ctx.attempt);
      if (!verdict) throw err; // our own trouble (NATS, the core): the SDK retries
      switch (verdict.kind) {
        case 'later':
          if (ctx.isLastAttempt) {
            await failed(`${verdict.reason} (gave up after ${ctx.attempt} attempts)`);
            throw new Error(`reply ${m.id}: ${verdict.reason}`);
          }
          this.log.warn(`reply ${m.id}: ${verdict.reason}; again in ${verdict.delayMs} ms`);
          throw new HandleLater(verdict.delayMs, verdict.reason);
        case 'blocked':
          await recordBlocked(this.inbound, await this.state.identityOf(to.chatId), verdict.source);
          await failed(verdict.reason);
          return;
        case 'failed':
          await failed(verdict.reason);
          return;
      }
    }
    await this.inbound.delivery({
      messageId: m.id,
      status: 'sent',
      providerMessageId: providerMessageId(sent.chatId, sent.messageIds[0]),
      at: new Date().toISOString(),
    });
    this.log.log(`reply ${m.id} on case #${c.number} sent to chat ${sent.chatId}`);
  }
}
