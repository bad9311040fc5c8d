import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Person } from '../people/person.js';
import { MessengerState } from '../state/messenger-state.js';
import { DeliveryReports } from './delivery-reports.js';
import { markTime, repliesCovered, type Mark, type SentReply } from './watermarks.js';

/**
 * Turns a person's delivery and read events into `delivered` / `read` reports for every reply
 * they cover. The person's watermarks are kept too, so that a reply whose send is recorded
 * after its event arrived (the event overtook Meta's answer) still gets its report.
 */
@Injectable()
export class Receipts {
  private readonly log = new Logger('MessengerReceipts');

  constructor(
    @Inject(MessengerState) private readonly state: MessengerState,
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
  ) {}

  /** A delivery (`delivered`) or read (`read`) event of the person's. */
  async received(person: Person, status: 'delivered' | 'read', mark: Mark): Promise<void> {
    const replies = await this.state.sentReplies(person);
    const upTo = markTime(replies, mark);
    if (upTo !== null) await this.state.raiseWatermark(person, status, upTo);
    for (const r of repliesCovered(replies, mark)) {
      if (
        await this.reports.report({ messageId: r.messageId, status, providerMessageId: r.mids[0] })
      ) {
        this.log.log(`reply ${r.messageId}: ${status}`);
      }
    }
  }

  /** A reply was sent: remembered for the person's events, reported at once if one covers it. */
  async sent(person: Person, reply: SentReply): Promise<void> {
    await this.state.addSentReply(person, reply);
    const marks = await this.state.watermarks(person);
    const status =
      marks.read >= reply.at ? 'read' : marks.delivered >= reply.at ? 'delivered' : null;
    if (status)
      await this.reports.report({
        messageId: reply.messageId,
        status,
        providerMessageId: reply.mids[0],
      });
  }
}
