import { Inject, Injectable } from '@nestjs/common';
import type { CaseView, ContactRef } from '@casehub/domain';
import { CoreClient } from '@casehub/plugin-sdk';
import type { Recipient } from '../graph/graph-types.js';
import { WhatsAppState } from '../state/whatsapp-state.js';
import { recipientOf } from './recipient-of.js';

/** A case's contact on WhatsApp: where to send, and since when their window is open. */
export interface WhatsAppContact {
  handle: string;
  recipient: Recipient;
  lastCustomerMessageAt: string | null;
}

/**
 * Finds the WhatsApp handle of a case's contact. Social cases are shared by the social plugins:
 * a contact without a `whatsapp:` handle is another plugin's (null), and one who also has handles
 * elsewhere is written to here only when the case's last customer message came by WhatsApp.
 */
@Injectable()
export class Recipients {
  constructor(
    @Inject(CoreClient) private readonly core: CoreClient,
    @Inject(WhatsAppState) private readonly state: WhatsAppState,
  ) {}

  async of(c: CaseView): Promise<WhatsAppContact | null> {
    if (!c.contact) return null;
    const social = await this.socialHandles(c.contact);
    const handles = social.filter((h) => h.startsWith('whatsapp:'));
    if (handles.length === 0) return null;
    if (handles.length < social.length && !(await this.lastCameByWhatsApp(c.id))) return null;
    // Several numbers: the one the customer wrote from last.
    const windows = await Promise.all(handles.map((h) => this.state.window(h)));
    let best = 0;
    windows.forEach((w, i) => {
      const current = windows[best]?.lastCustomerMessageAt ?? '';
      if ((w?.lastCustomerMessageAt ?? '') > current) best = i;
    });
    return {
      handle: handles[best],
      recipient: recipientOf(handles[best], windows[best]),
      lastCustomerMessageAt: windows[best]?.lastCustomerMessageAt ?? null,
    };
  }

  /** The contact's social handles: on the case where the core puts them there, else asked for. */
  private async socialHandles(contact: ContactRef & { handles?: string[] }): Promise<string[]> {
    if (contact.handles) return contact.handles;
    const { identities } = await this.core.contacts.get(contact.id);
    return identities.filter((i) => i.kind === 'social').map((i) => i.value);
  }

  /** Whether the case's latest customer message has a WhatsApp message id. */
  private async lastCameByWhatsApp(caseId: string): Promise<boolean> {
    const { items } = await this.core.cases.messages(caseId);
    const last = items.filter((m) => m.authorType === 'contact' && m.providerMessageId).at(-1);
    return last?.providerMessageId?.startsWith('wamid.') ?? false;
  }
}
