import { Inject, Injectable } from '@nestjs/common';
import type { CaseView, MessageView } from '@casehub/domain';
import { CoreClient } from '@casehub/plugin-sdk';
import type { ChatTarget } from '../bot-api/telegram-client.js';
import { chatOfHandle, parseProviderMessageId } from '../inbound/telegram-ids.js';
import { TelegramState, type CaseTarget } from '../state/telegram-state.js';

/**
 * Where a case's replies go on Telegram. The customer's messages tell (their provider ids name
 * the chat, and the plugin noted the forum topic of each): the latest one decides, and a case
 * whose customer last wrote on another platform is not this plugin's. A case without a customer
 * message yet (an agent opened it) goes to the contact's `telegram:` handle, if it has one.
 */
@Injectable()
export class CaseTargets {
  constructor(
    @Inject(TelegramState) private readonly state: TelegramState,
    @Inject(CoreClient) private readonly core: CoreClient,
  ) {}

  /** A customer's message on a social case: remember where its conversation is. */
  async customerWrote(c: CaseView, m: MessageView): Promise<void> {
    const id = m.providerMessageId ? parseProviderMessageId(m.providerMessageId) : null;
    if (!id) {
      if (m.providerMessageId) await this.state.setCaseTarget(c.id, { platform: 'other' });
      return;
    }
    const threadId = await this.state.topicOf(id.chatId, id.messageId);
    await this.state.setCaseTarget(c.id, { platform: 'telegram', chatId: id.chatId, threadId });
  }

  /** The chat (and topic) a reply on this case goes to, or null when it is not a Telegram case. */
  async of(c: CaseView): Promise<ChatTarget | null> {
    let target: CaseTarget | null = await this.state.caseTarget(c.id);
    if (!target) {
      target = await this.fromContact(c);
      if (!target) return null;
      await this.state.setCaseTarget(c.id, target);
    }
    return target.platform === 'telegram'
      ? { chatId: target.chatId, threadId: target.threadId }
      : null;
  }

  private async fromContact(c: CaseView): Promise<CaseTarget | null> {
    if (!c.contact) return null;
    // The event carries the contact's handles; one an older core wrote does not: ask for them.
    const handles =
      c.contact.handles ??
      (await this.core.contacts.get(c.contact.id)).identities
        .filter((i) => i.kind === 'social')
        .map((i) => i.value);
    const chats = handles.map((h) => chatOfHandle(h)).filter((id): id is number => id !== null);
    // Not remembered: the contact may get a Telegram handle later.
    return chats.length > 0 ? { platform: 'telegram', chatId: chats[0], threadId: null } : null;
  }
}
