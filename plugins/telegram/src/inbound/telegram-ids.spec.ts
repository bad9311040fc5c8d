import { describe, expect, it } from 'vitest';
import {
  chatOfHandle,
  conversationKey,
  handleOf,
  parseProviderMessageId,
  providerMessageId,
} from './telegram-ids.js';

describe('Telegram ids', () => {
  it('names a chat telegram:<chat id>, groups with their minus sign', () => {
    expect(handleOf(-1001234567890)).toBe('telegram:-1001234567890');
    expect(chatOfHandle('telegram:-1001234567890')).toBe(-1001234567890);
    expect(chatOfHandle('telegram:5551234567')).toBe(5551234567);
    expect(chatOfHandle('whatsapp:15551234567')).toBeNull();
  });

  it('makes provider ids unique across chats, and reads its own back', () => {
    expect(providerMessageId(-4001, 7)).toBe('telegram:-4001:7');
    expect(parseProviderMessageId('telegram:-4001:7')).toEqual({ chatId: -4001, messageId: 7 });
    expect(parseProviderMessageId('whatsapp:wamid.HBg')).toBeNull();
  });

  it('keeps a forum topic apart from its chat, and a reply thread of a supergroup not', () => {
    expect(conversationKey(-100777, { is_topic_message: true, message_thread_id: 12 })).toBe(
      '-100777_12',
    );
    expect(conversationKey(-100777, { message_thread_id: 12 })).toBe('-100777');
    expect(conversationKey(42, {})).toBe('42');
  });
});
