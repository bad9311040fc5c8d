import { Inject, Injectable } from '@nestjs/common';
import type { ContactRef } from '@casehub/domain';
import { CoreApiError, CoreClient, InjectPluginConfig } from '@casehub/plugin-sdk';
import type { MessengerConfig } from '../messenger.config.js';
import { MessengerState } from '../state/messenger-state.js';
import { personOfHandle, type Person } from './person.js';

/**
 * Who a reply on a social case goes to: the contact's `messenger:` or `instagram:` handle, from
 * the case's contact in the event (`handles`; asked of the core for an event written before the
 * core put them there). A contact with neither is another social plugin's (WhatsApp, Telegram):
 * null. With several, the person who wrote last.
 */
@Injectable()
export class Recipients {
  constructor(
    @InjectPluginConfig() private readonly cfg: MessengerConfig,
    @Inject(CoreClient) private readonly core: CoreClient,
    @Inject(MessengerState) private readonly state: MessengerState,
  ) {}

  async of(contact: ContactRef | null | undefined): Promise<Person | null> {
    if (!contact) return null;
    const handles = contact.handles ?? (await this.askedHandles(contact.id));
    if (!handles) return null;
    const people = handles
      .map((h) => personOfHandle(h))
      .filter((p): p is Person => p !== null)
      .filter((p) => p.platform === 'messenger' || this.cfg.MESSENGER_INSTAGRAM_ID !== undefined);
    if (people.length <= 1) return people[0] ?? null;
    const last = await Promise.all(people.map((p) => this.state.lastCustomerMessage(p)));
    let best = 0;
    for (let i = 1; i < people.length; i++) {
      if ((last[i]?.getTime() ?? 0) > (last[best]?.getTime() ?? 0)) best = i;
    }
    return people[best];
  }

  /** The contact's social handles as the core knows them now; null for a contact gone. */
  private async askedHandles(contactId: string): Promise<string[] | null> {
    try {
      const { identities } = await this.core.contacts.get(contactId);
      return identities.filter((i) => i.kind === 'social').map((i) => i.value);
    } catch (err) {
      if (err instanceof CoreApiError && err.status === 404) return null;
      throw err; // the core is away: the event is tried again
    }
  }
}
