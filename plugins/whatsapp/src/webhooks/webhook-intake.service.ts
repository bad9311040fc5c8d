import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import { CustomerMessages } from '../inbound/customer-messages.service.js';
import { StatusUpdates } from '../outbound/status-updates.service.js';
import { TemplateSync } from '../templates/template-sync.service.js';
import type { WhatsAppConfig } from '../whatsapp.config.js';
import { withDeadline } from './deadline.js';
import type { WebhookPayload } from './webhook-payload.js';

/** Meta waits about 20 s for an answer: what is not stored by then is answered 503 and retried. */
const DEADLINE_MS = 10_000;

/**
 * Stores what one webhook POST carries — customers' messages and status updates of this
 * plugin's phone number, in the order Meta listed them — and resolves once all of it is stored.
 * A change for another phone number of the business account is another deployment's.
 */
@Injectable()
export class WebhookIntake {
  private readonly log = new Logger('WhatsAppWebhook');

  constructor(
    @InjectPluginConfig() private readonly cfg: WhatsAppConfig,
    @Inject(CustomerMessages) private readonly customers: CustomerMessages,
    @Inject(StatusUpdates) private readonly statuses: StatusUpdates,
    @Inject(TemplateSync) private readonly templates: TemplateSync,
  ) {}

  receive(payload: WebhookPayload): Promise<void> {
    return withDeadline(this.store(payload), DEADLINE_MS, 'storing the webhook');
  }

  private async store(payload: WebhookPayload): Promise<void> {
    if (payload.object !== 'whatsapp_business_account') {
      this.log.warn(`a webhook about ${String(payload.object)}: not WhatsApp's, ignored`);
      return;
    }
    for (const entry of payload.entry ?? []) {
      for (const change of entry.changes ?? []) {
        if (change.field === 'message_template_status_update') {
          this.templates.syncSoon(); // a template was approved, paused, ...: list them again
          continue;
        }
        const value = change.value;
        if (change.field !== 'messages' || !value) continue;
        if (value.metadata?.phone_number_id !== this.cfg.WHATSAPP_PHONE_NUMBER_ID) continue;
        for (const message of value.messages ?? []) await this.customers.store(value, message);
        for (const status of value.statuses ?? []) await this.statuses.apply(status);
      }
    }
  }
}
