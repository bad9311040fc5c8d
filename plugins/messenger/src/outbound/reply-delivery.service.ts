import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CaseView, CloudEvent, MessageView } from '@casehub/domain';
import {
  HandleLater,
  InjectPluginConfig,
  PermanentFailure,
  type JetStreamContext,
} from '@casehub/plugin-sdk';
import { GraphApiError } from '../graph/graph-api-error.js';
import type { MessengerConfig } from '../messenger.config.js';
import { handleOf } from '../people/person.js';
import { Recipients } from '../people/recipients.service.js';
import { MessengerState, type SendRecord } from '../state/messenger-state.js';
import { DeliveryReports } from './delivery-reports.js';
import { MessageSender, type SendPlan } from './message-sender.js';
import { outboundParts } from './outbound-parts.js';
import { Receipts } from './receipts.service.js';
import { replyPolicy, STANDARD_WINDOW_MS } from './reply-policy.js';
import { sendVerdict } from './send-verdict.js';

/**
 * Sends the team's public replies on social cases whose contact is a Messenger or Instagram
 * person, once, within Meta's windows, and reports what became of each: `sent` with Meta's
 * message id, or `failed` with the reason (a closed window is refused before sending).
 */
@Injectable()
export class ReplyDelivery {
  private readonly log = new Logger('MessengerReplies');

  constructor(
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
    @Inject(Recipients) private readonly recipients: Recipients,
    @Inject(MessengerState) private readonly state: MessengerState,
    @Inject(MessageSender) private readonly sender: MessageSender,
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
    @Inject(Receipts) private readonly receipts: Receipts,
  ) {}

  async messageCreated(event: CloudEvent<'message.created'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, message: m } = event.data;
    // Customers' own messages have no delivery status; a reply to an opted-out contact arrives
    // already failed (opted_out) and is never sent.
    if (m.visibility !== 'public' || m.deliveryStatus !== 'pending' || m.authorType === 'contact')
      return;
    if ((m.channel ?? c.channel) !== 'social') return;
    const key = `reply.${m.id}`;
    const failed = (error: string) =>
      this.reports.report({ messageId: m.id, status: 'failed', error });

    // Decided here for a first attempt; a send begun before (a crash, a retry) goes on as it was
    // decided then, so what would refuse it now is asked of the record first.
    const plan = await this.plan(c.contact, m, key);
    if (typeof plan === 'string') {
      await failed(plan);
      return;
    }
    if (!plan) return; // no Messenger or Instagram handle: another social plugin's contact

    let sent: SendRecord;
    try {
      sent = await this.sender.send(key, plan);
    } catch (err) {
      if (err instanceof PermanentFailure) {
        await failed(err.message);
        return;
      }
      if (!(err instanceof GraphApiError)) throw err; // our own state: the SDK retries
      const verdict = sendVerdict(err, ctx.attempt);
      if (verdict.kind === 'failed') {
        await failed(verdict.reason);
        this.log.warn(`reply ${m.id}: ${verdict.reason}`);
        return;
      }
      if (ctx.isLastAttempt) {
        await failed(`${verdict.reason} (gave up after ${ctx.attempt} attempts)`);
        throw new Error(`reply ${m.id}: ${verdict.reason}`);
      }
      this.log.warn(`reply ${m.id}: ${verdict.reason}; again in ${verdict.delayMs} ms`);
      throw new HandleLater(verdict.delayMs, verdict.reason);
    }
    const mids = sent.mids as string[];
    await this.reports.report({ messageId: m.id, status: 'sent', providerMessageId: mids[0] });
    const at = Date.parse(sent.postedAt[sent.postedAt.length - 1] ?? new Date().toISOString());
    await this.receipts.sent(sent.person, { messageId: m.id, mids, at });
    const how = sent.tag ? `${sent.messagingType} ${sent.tag}` : sent.messagingType;
    this.log.log(`reply ${m.id} on case #${c.number} sent to ${handleOf(sent.person)} (${how})`);
  }

  /** What to send for a first attempt: a plan, the reason it is refused, or null (not ours). */
  private async plan(
    contact: CaseView['contact'],
    m: MessageView,
    key: string,
  ): Promise<SendPlan | string | null> {
    // A refusal stands only for a first attempt: a send begun earlier goes on as it was decided.
    const refused = async (reason: string) => {
      const begun = await this.sender.begun(key);
      if (!begun) this.log.log(`reply ${m.id} not sent: ${reason}`);
      return begun ?? reason;
    };
    const person = await this.recipients.of(contact);
    if (!person) return this.sender.begun(key);
    if (m.template)
      return refused(
        `Messenger and Instagram have no message templates: send the words themselves`,
      );
    const parts = outboundParts(m.body, m.attachments);
    if ('refused' in parts) return refused(parts.refused);
    const policy = replyPolicy({
      lastCustomerMessageAt: await this.state.lastCustomerMessage(person, STANDARD_WINDOW_MS),
      now: new Date(),
      author: m.authorType === 'agent' ? 'human' : 'automatic',
      humanAgentGranted: this.cfg.MESSENGER_HUMAN_AGENT,
    });
    if (policy.kind === 'refused') return refused(policy.reason);
    return { person, messagingType: policy.messagingType, tag: policy.tag, parts: parts.parts };
  }
}
