import { describe, expect, it } from 'vitest';
import type { Chat } from '../bot-api/bot-api-types.js';
import { consentChange } from './membership-consent.service.js';

const user: Chat = { id: 5, type: 'private' };
const group: Chat = { id: -5, type: 'supergroup', title: 'Acme' };
const change = (chat: Chat, from: string, to: string) =>
  consentChange({ chat, old_chat_member: { status: from }, new_chat_member: { status: to } });

describe("the bot's membership as consent", () => {
  it('reads a block as an opt-out and a restart as an opt-in', () => {
    expect(change(user, 'member', 'kicked')).toEqual({
      consent: 'opted_out',
      source: 'Telegram: bot blocked by the user',
    });
    expect(change(user, 'kicked', 'member')).toEqual({
      consent: 'opted_in',
      source: 'Telegram: bot restarted by the user',
    });
  });

  it('reads removal from a group as an opt-out, and promotions as nothing', () => {
    expect(change(group, 'administrator', 'left')?.consent).toBe('opted_out');
    expect(change(group, 'left', 'member')?.consent).toBe('opted_in');
    expect(change(group, 'member', 'administrator')).toBeNull();
  });
});
