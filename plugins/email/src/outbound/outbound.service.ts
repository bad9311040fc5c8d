import { Inject, Injectable, Logger } from '@nestjs/common';
import { SURVEY_SCALES, type CaseView, type CloudEvent, type MessageView } from '@casehub/domain';
import {
  InboundPublisher,
  InjectPluginConfig,
  PermanentFailure,
  type JetStreamContext,
} from '@casehub/plugin-sdk';
import type { EmailConfig } from '../email.config.js';
import { EmailState, type CaseThread } from '../state/email-state.js';
import { MailFiles } from '../state/mail-files.js';
import { Mailer, type OutboundMail } from './mailer.js';
import { domainOf, outboundMessageId } from './message-id.js';
import { describeSmtpError, smtpVerdict } from './smtp-errors.js';
import { withTicketNumber } from './subject.js';
import { MailTemplates, type MailTemplate } from './templates.js';

type MailHeaders = Pick<
  OutboundMail,
  'messageId' | 'references' | 'autoSubmitted' | 'listUnsubscribe'
>;

/** What a mail says beyond the case: template values, and its language if not the case's. */
interface MailContent {
  values?: object;
  locale?: string;
}

/**
 * Turns case events into mail: public replies, the acknowledgement of a new case opened by a
 * customer's mail, the notice that a case is resolved and survey invitations. Every mail is
 * threaded (Message-ID, In-Reply-To, References) and carries the ticket number in its subject.
 */
@Injectable()
export class OutboundService {
  private readonly log = new Logger('EmailOutbound');
  private readonly domain: string;
  private readonly team: string;

  constructor(
    @InjectPluginConfig() private readonly cfg: EmailConfig,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(MailTemplates) private readonly templates: MailTemplates,
    @Inject(EmailState) private readonly state: EmailState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(MailFiles) private readonly files: MailFiles,
  ) {
    this.domain = domainOf(cfg.EMAIL_FROM);
    this.team = /^\s*"?([^"<]+?)"?\s*</.exec(cfg.EMAIL_FROM)?.[1] ?? cfg.EMAIL_FROM;
  }

  /** A case a customer opened by mail: acknowledge it once its first message is known. */
  async caseCreated(event: CloudEvent<'case.created'>): Promise<void> {
    const c = event.data.case;
    if (c.channel !== 'email' || event.data.actor.type !== 'contact') return;
    if (!this.cfg.EMAIL_ACKNOWLEDGE) return;
    await this.state.updateThread(
      c.id,
      (t) => ({ ...t, acknowledge: true }),
      undefined,
      event.sequence,
    );
  }

  async messageCreated(event: CloudEvent<'message.created'>, ctx: JetStreamContext): Promise<void> {
    const { case: c, message: m } = event.data;
    if ((m.channel ?? c.channel) !== 'email') return;
    if (m.authorType === 'contact') return this.customerMessage(c, m, event.sequence);
    // A reply the core refused to queue (the contact opted out) arrives failed: never send it.
    if (m.visibility === 'public' && m.deliveryStatus === 'pending')
      return this.deliverReply(c, m, ctx);
  }

  async caseResolved(event: CloudEvent<'case.resolved'>): Promise<void> {
    const c = event.data.case;
    if (c.channel !== 'email' || !c.contact?.email || !this.cfg.EMAIL_RESOLVED_NOTICE) return;
    const thread = await this.state.thread(c.id);
    await this.sendAutomatic('resolved', c, {
      messageId: outboundMessageId(
        { kind: 'resolved', caseId: c.id, version: c.version },
        this.domain,
      ),
      references: thread?.references ?? [],
      autoSubmitted: 'auto-generated', // RFC 3834: a notice, not an answer to a mail
    });
  }

  /**
   * The survey plugin chose this resolved case for a survey on email: send the invitation, with
   * one link per score and RFC 8058 one-click unsubscribe, once per survey.
   */
  async surveyInvited(event: CloudEvent<'survey.invited'>): Promise<void> {
    const { case: c, survey, links } = event.data;
    if (survey.channel !== 'email' || !c.contact?.email) return;
    const notWeb = [...links.scores.map((s) => s.url), links.unsubscribe].find(
      (url) => !/^https?:\/\//i.test(url),
    );
    // A javascript: or data: link has no place in a mail; no retry makes it one that has.
    if (notWeb) throw new PermanentFailure(`survey ${survey.id}: ${notWeb} is not an http(s) link`);
    const thread = await this.state.thread(c.id);
    await this.sendAutomatic(
      'survey',
      c,
      {
        messageId: outboundMessageId({ kind: 'survey', surveyId: survey.id }, this.domain),
        references: thread?.references ?? [],
        autoSubmitted: 'auto-generated', // RFC 3834: nobody wrote it, vacation replies stay away
        listUnsubscribe: links.unsubscribe,
      },
      { locale: survey.locale, values: { survey, links, scale: SURVEY_SCALES[survey.kind] } },
    );
  }

  /** A customer's mail joins the thread; the first one of a new case gets its acknowledgement. */
  private async customerMessage(c: CaseView, m: MessageView, sequence?: number): Promise<void> {
    if (!m.providerMessageId) return;
    const id = m.providerMessageId;
    const noAck = (t: CaseThread) => ({ ...t, acknowledge: false });
    const thread = await this.state.updateThread(
      c.id,
      (t) => ({ ...t, references: [...t.references, id] }),
      undefined,
      sequence,
    );
    if (!thread.acknowledge || !c.contact?.email) return;
    if (await this.state.isBulk(id)) {
      await this.state.updateThread(c.id, noAck, undefined, sequence);
      return; // mail to many is never answered automatically
    }
    await this.sendAutomatic('ack', c, {
      messageId: outboundMessageId({ kind: 'ack', caseId: c.id }, this.domain),
      references: thread.references,
      autoSubmitted: 'auto-replied', // RFC 3834: an automatic answer to the customer's mail
    });
    await this.state.updateThread(c.id, noAck, undefined, sequence);
  }

  private async deliverReply(c: CaseView, m: MessageView, ctx: JetStreamContext): Promise<void> {
    const at = () => new Date().toISOString();
    const to = c.contact?.email;
    if (!to) {
      await this.inbound.delivery({
        messageId: m.id,
        status: 'failed',
        at: at(),
        error: "the case's contact has no email address",
      });
      return;
    }
    const messageId = outboundMessageId({ kind: 'reply', messageId: m.id }, this.domain);
    // A sent reply joins its thread's references: that is also the record that it went out
    // (a redelivery after a crash between sending and acknowledging does not send it twice).
    const sequence = ctx.event.sequence;
    const entry = await this.state.threadEntryFor(c.id, {
      sequence,
      firstDelivery: ctx.attempt === 1,
    });
    if (!entry?.thread.references.includes(messageId)) {
      const thread = entry?.thread;
      const attachments = await this.attachmentsOf(m);
      if (typeof attachments === 'string') {
        await this.inbound.delivery({
          messageId: m.id,
          status: 'failed',
          at: at(),
          error: attachments,
        });
        return;
      }
      try {
        await this.mailer.send({
          ...this.compose('reply', c, { values: { message: m } }, to, {
            messageId,
            references: thread?.references ?? [],
          }),
          attachments,
        });
      } catch (err) {
        const why = describeSmtpError(err);
        if (smtpVerdict(err) === 'permanent' || ctx.isLastAttempt) {
          // Reported on the message, never dropped in silence; the agent sees it failed and why.
          await this.inbound.delivery({ messageId: m.id, status: 'failed', at: at(), error: why });
          if (smtpVerdict(err) === 'permanent') return;
        }
        throw new Error(`SMTP: ${why}`); // transient: retried with back-off
      }
      await this.state.updateThread(
        c.id,
        (t) => ({ ...t, references: [...t.references, messageId] }),
        entry,
        sequence,
      );
    }
    await this.inbound.delivery({
      messageId: m.id,
      status: 'sent',
      providerMessageId: messageId,
      at: at(),
    });
  }

  /**
   * The reply's attachments as the mail carries them: files this plugin keeps (a customer's
   * attachment forwarded) are read from the object store, http(s) URLs are fetched by nodemailer.
   * A file that cannot be had fails the reply with a reason, rather than sending it without.
   */
  private async attachmentsOf(
    m: MessageView,
  ): Promise<NonNullable<OutboundMail['attachments']> | string> {
    const out: NonNullable<OutboundMail['attachments']> = [];
    const ours = `nats-object://${this.files.bucket}/`;
    for (const a of m.attachments) {
      if (a.url?.startsWith(ours)) {
        const content = await this.files.read(decodeURIComponent(a.url.slice(ours.length)));
        if (!content) return `attachment ${a.filename} is no longer stored`;
        out.push({ filename: a.filename, contentType: a.contentType, content });
      } else if (a.url && /^https?:\/\//.test(a.url)) {
        out.push({ filename: a.filename, contentType: a.contentType, path: a.url });
      } else {
        return `attachment ${a.filename} has no URL this plugin can fetch (${a.url ?? 'none'})`;
      }
    }
    return out;
  }

  private async sendAutomatic(
    template: MailTemplate,
    c: CaseView,
    headers: MailHeaders,
    content: MailContent = {},
  ): Promise<void> {
    if (await this.state.wasSent(headers.messageId)) return;
    try {
      await this.mailer.send(this.compose(template, c, content, c.contact!.email!, headers));
    } catch (err) {
      const why = describeSmtpError(err);
      // No message of the case to mark failed: the dead-letter stream is where it is reported.
      if (smtpVerdict(err) === 'permanent')
        throw new PermanentFailure(`SMTP refused the ${template} mail: ${why}`);
      throw new Error(`SMTP: ${why}`);
    }
    await this.state.markSent(headers.messageId);
    this.log.log(`${template} mail for case #${c.number} sent`);
  }

  private compose(
    template: MailTemplate,
    c: CaseView,
    content: MailContent,
    to: string,
    headers: MailHeaders,
  ): OutboundMail {
    const locale =
      content.locale ??
      (typeof c.customFields.locale === 'string' ? c.customFields.locale : undefined);
    const rendered = this.templates.render(template, locale, {
      case: c,
      team: this.team,
      ...content.values,
    });
    const references = headers.references ?? [];
    return {
      to,
      subject: withTicketNumber(rendered.subject, c.number),
      text: rendered.text,
      html: rendered.html,
      messageId: headers.messageId,
      inReplyTo: references[references.length - 1],
      references,
      autoSubmitted: headers.autoSubmitted,
      listUnsubscribe: headers.listUnsubscribe,
    };
  }
}
