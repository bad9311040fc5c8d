import { Inject, Injectable, Logger } from '@nestjs/common';
import { WhatsAppState } from '../state/whatsapp-state.js';
import type { WaStatus } from '../webhooks/webhook-payload.js';
import { deliveryStatusOf } from './delivery-rank.js';
import { DeliveryReports } from './delivery-reports.js';
import { parsePartKey, partKey } from './part-key.js';
import { statusFailure } from './send-verdict.js';

/**
 * A sent message's status webhooks (late, twice, out of order): the wamid is learnt for the part
 * its callback data names (proof, after a crash, that Meta took it), and a reply's status moves
 * forward — by its first message, or a failure of any of its messages.
 */
@Injectable()
export class StatusUpdates {
  private readonly log = new Logger('WhatsAppStatus');

  constructor(
    @Inject(WhatsAppState) private readonly state: WhatsAppState,
    @Inject(DeliveryReports) private readonly reports: DeliveryReports,
  ) {}

  async apply(s: WaStatus): Promise<void> {
    const ref = parsePartKey(s.biz_opaque_callback_data);
    const status = deliveryStatusOf(s.status ?? '');
    // A message this plugin did not send (another app on the number), or a status without a word.
    if (!ref || !s.id || !status) return;
    await this.state.learnWamid(partKey(ref.key, ref.part), s.id);
    if (ref.kind !== 'reply' || (ref.part > 0 && status !== 'failed')) return;
    const moved = await this.reports.report({
      messageId: ref.id,
      status,
      providerMessageId: ref.part === 0 ? s.id : null,
      error: status === 'failed' ? statusFailure(s.errors) : null,
    });
    if (moved) this.log.log(`reply ${ref.id}: ${status}`);
  }
}
