import { Inject, Injectable, Logger } from '@nestjs/common';
import { pickTemplate, type CloudEvent, type TemplateUse } from '@casehub/domain';
import { HandleLater, MessageTemplates, type JetStreamContext } from '@casehub/plugin-sdk';
import { GraphApiError } from '../graph/graph-api-error.js';
import { WINDOW_CLOSED } from '../graph/whatsapp-error-codes.js';
import { windowOpen } from '../window/service-window.js';
import { DeliveryReports } from './delivery-reports.js';
import type { OutboundPart } from './outbound-part.js';
import { Recipients } from './recipients.service.js';
import { replyParts } from './reply-parts.js';
import { AttachmentUnavailable } from './reply-files.service.js';
import { sendVerdict, type TemplateRef } from './send-verdict.js';
import { AwaitingStatus, WhatsAppSender } from './whatsapp-sender.js';

/**
 * Sends the team's public replies on social cases to contacts with a `whatsapp:` handle, once:
 * free text and attachments inside the customer's 24-hour window (outside it the reply is failed
 * before anything is sent), a reply naming a template as that template at any time. Reports
 * `sent` with the wamid, or `failed` with the reason; status webhooks report the rest.
 */
@Injectable()
export class ReplyDelivery {
  private readonly log = new Logger('WhatsAppReplies');

  constructor(
    @Inject(Recipients) private readonly recipients: Recipients,
    @Inject(WhatsAppSender) private readonly sender: WhatsAppSender,
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
  ) {}

  async messageCreated(event: CloudEvent<'message.created'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, message: m } = event.data;
    // Customers' own messages have no delivery status; a reply to an opted-out contact arrives
    // already failed (opted_out) and is never sent.
    if (m.visibility !== 'public' || m.deliveryStatus !== 'pending' || m.authorType === 'contact')
      return;
    if ((m.channel ?? c.channel) !== 'social') return;
    const contact = await this.recipients.of(c);
    if (!contact) return; // another social plugin's contact
    const failed = (error: string) =>
      this.reports.report({ messageId: m.id, status: 'failed', error });
    const key = `reply.${m.id}`;

    let parts: OutboundPart[] = [];
    let template: TemplateRef | undefined;
    if (m.template) {
      const language = m.template.language ?? (await this.languageOf(m.template));
      if (!language) {
        await failed(
          `template ${m.template.name}: no single approved translation is synced; name its language`,
        );
        return;
      }
      template = { name: m.template.name, language };
      parts = [
        { type: 'template', name: template.name, language, parameters: m.template.parameters },
      ];
    } else {
      // A reply begun while the window was open is finished as it was begun.
      if (!windowOpen(contact.lastCustomerMessageAt) && !(await this.sender.started(key))) {
        this.log.log(`reply ${m.id} on case #${c.number} not sent: ${WINDOW_CLOSED}`);
        await failed(WINDOW_CLOSED);
        return;
      }
      parts = replyParts(m.body, m.attachments);
      if (parts.length === 0) {
        await failed('an empty reply cannot be sent');
        return;
      }
    }

    let wamids: string[];
    try {
      wamids = await this.sender.send({
        key,
        recipient: contact.recipient,
        parts,
        attachments: m.attachments,
        lastAttempt: ctx.isLastAttempt,
      });
    } catch (err) {
      if (err instanceof AwaitingStatus) throw new HandleLater(err.delayMs, err.message);
      if (err instanceof AttachmentUnavailable) {
        await failed(err.message);
        return;
      }
      if (!(err instanceof GraphApiError)) throw err; // our own state: the SDK retries
      const verdict = sendVerdict(err, ctx.attempt, template);
      if (verdict.kind === 'later') {
        if (ctx.isLastAttempt) {
          await failed(`${verdict.reason} (gave up after ${ctx.attempt} attempts)`);
          throw new Error(`reply ${m.id}: ${verdict.reason}`);
        }
        this.log.warn(`reply ${m.id}: ${verdict.reason}; again in ${verdict.delayMs} ms`);
        throw new HandleLater(verdict.delayMs, verdict.reason);
      }
      await failed(verdict.reason);
      return;
    }
    await this.reports.report({ messageId: m.id, status: 'sent', providerMessageId: wamids[0] });
    this.log.log(`reply ${m.id} on case #${c.number} sent as ${wamids.join(', ')}`);
  }

  /** The only approved translation of a template the reply names without a language. */
  private async languageOf(use: TemplateUse): Promise<string | null> {
    const synced = (await this.templates.current())?.templates ?? [];
    return pickTemplate(synced, 'social', use)?.language ?? null;
  }
}
