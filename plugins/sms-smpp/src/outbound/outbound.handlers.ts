import { randomInt } from 'node:crypto';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { CloudEvent, MessageView } from '@casehub/domain';
import { smsSurveyInvitation, toE164 } from '@casehub/channel-kit';
import { InboundPublisher, OnCaseEvent, PermanentFailure } from '@casehub/plugin-sdk';
import { SmppState, type OutboundJob } from '../state/smpp-state.js';
import { encodeText } from './encoded-texts.js';

/** A new text to send, not yet tried. */
export function newJob(
  fields: Pick<OutboundJob, 'id' | 'kind' | 'messageId' | 'to' | 'text'>,
): OutboundJob {
  const { parts } = encodeText(fields.text); // throws RangeError past 255 parts
  return {
    ...fields,
    ref: randomInt(256),
    queuedAt: new Date().toISOString(),
    state: 'queued',
    parts: parts.map(() => ({ smscId: null, sending: false, receipt: null })),
    reported: null,
    error: null,
  };
}

/**
 * Takes the texts to send from the case events, on any replica: each is queued in the plugin's
 * bucket, where the replica holding the bind sends it (Submitter). So the event is handled at
 * once wherever it lands, and waits for no bind: see README, "Binding and fail-over".
 */
@Controller()
export class OutboundHandlers {
  private readonly log = new Logger('SmppOutbound');

  constructor(
    @Inject(SmppState) private readonly state: SmppState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  @OnCaseEvent('message.created')
  async messageCreated(@Payload() event: CloudEvent<'message.created'>): Promise<void> {
    const { case: c, message: m } = event.data;
    if ((m.channel ?? c.channel) !== 'sms' || m.authorType === 'contact') return;
    // A reply the core refused to queue (the contact opted out) arrives failed: never send it.
    if (m.visibility !== 'public' || m.deliveryStatus !== 'pending') return;
    const to = c.contact?.phone ? toE164(c.contact.phone) : null;
    if (!to) return this.failed(m, "the case's contact has no phone number");
    const text = textOf(m);
    if (!text) return this.failed(m, 'the reply has no text to send');
    let job: OutboundJob;
    try {
      job = newJob({ id: m.id, kind: 'reply', messageId: m.id, to, text });
    } catch (err) {
      return this.failed(m, (err as Error).message);
    }
    if ((await this.state.enqueue(job)) === 'queued')
      this.log.log(`reply ${m.id} of case #${c.number}: ${job.parts.length} part(s) queued`);
  }

  @OnCaseEvent('survey.invited')
  async surveyInvited(@Payload() event: CloudEvent<'survey.invited'>): Promise<void> {
    const { survey } = event.data;
    const invitation = smsSurveyInvitation(event.data);
    if (invitation.kind === 'not-sms') return;
    if (invitation.kind === 'refused') throw new PermanentFailure(invitation.reason);
    const { to, text } = invitation;
    await this.state.enqueue(
      newJob({ id: `survey-${survey.id}`, kind: 'survey', messageId: null, to, text }),
    );
  }

  private async failed(m: MessageView, error: string): Promise<void> {
    await this.inbound.delivery({
      messageId: m.id,
      status: 'failed',
      at: new Date().toISOString(),
      error,
    });
  }
}

/** A reply's text, with the web links of its attachments (a text carries no files). */
function textOf(m: MessageView): string {
  const links = m.attachments
    .map((a) => a.url)
    .filter((u): u is string => !!u && /^https?:\/\//i.test(u));
  return [m.body.trim(), ...links].filter(Boolean).join('\n');
}
