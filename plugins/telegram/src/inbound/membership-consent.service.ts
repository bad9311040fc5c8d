import { Inject, Injectable, Logger } from '@nestjs/common';
import { CoreClient, InboundPublisher } from '@casehub/plugin-sdk';
import type { ChatMemberUpdated } from '../bot-api/bot-api-types.js';
import { TelegramState } from '../state/telegram-state.js';
import { handleOf } from './telegram-ids.js';

const GONE = ['kicked', 'left'];
const BACK = ['member', 'administrator', 'creator', 'restricted'];

/** What a change of the bot's membership in a chat means for the chat's consent, if anything. */
export function consentChange(
  u: Pick<ChatMemberUpdated, 'chat' | 'old_chat_member' | 'new_chat_member'>,
): { consent: 'opted_out' | 'opted_in'; source: string } | null {
  const before = u.old_chat_member.status;
  const now = u.new_chat_member.status;
  const privateChat = u.chat.type === 'private';
  if (GONE.includes(now) && !GONE.includes(before))
    return {
      consent: 'opted_out',
      source: privateChat
        ? 'Telegram: bot blocked by the user'
        : 'Telegram: bot removed from the group',
    };
  if (BACK.includes(now) && GONE.includes(before))
    return {
      consent: 'opted_in',
      source: privateChat
        ? 'Telegram: bot restarted by the user'
        : 'Telegram: bot added to the group again',
    };
  return null;
}

/**
 * The bot blocked or unblocked by a user, removed from or added back to a group
 * (`my_chat_member`): an opt-out or opt-in on the chat's contact, as the SMS plugins record
 * STOP and START. A chat the hub never heard of gets no contact for an opt-in.
 */
@Injectable()
export class MembershipConsent {
  private readonly log = new Logger('TelegramConsent');

  constructor(
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(CoreClient) private readonly core: CoreClient,
    @Inject(TelegramState) private readonly state: TelegramState,
  ) {}

  async changed(u: ChatMemberUpdated): Promise<'stored' | 'ignored'> {
    const change = consentChange(u);
    if (!change || u.chat.type === 'channel') return 'ignored';
    const handle = handleOf(await this.state.identityOf(u.chat.id));
    if (change.consent === 'opted_in') {
      // Being added to a new group is no opt-in: only a contact who opted out comes back.
      const [contact] = (await this.core.contacts.find({ handle })).items;
      if (!contact?.optOuts.some((o) => o.channel === 'social')) return 'ignored';
    }
    await this.inbound.consent({
      channel: 'social',
      from: { kind: 'social', value: handle },
      consent: change.consent,
      source: change.source,
      // When it reached the plugin: Telegram's date has whole seconds, and a block and an unblock
      // within one second would not tell which came last.
      at: new Date(Math.max(Date.now(), u.date * 1000)).toISOString(),
    });
    this.log.log(`${handle}: ${change.consent} (${change.source})`);
    return 'stored';
  }
}
