import { describe, expect, it } from 'vitest';
import type { Chat, Message } from '../bot-api/bot-api-types.js';
import { chatName, inGroup, messageText, senderName } from './message-text.js';

const chat: Chat = { id: 1, type: 'private', first_name: 'Ann', last_name: 'Lee' };
const msg = (fields: Partial<Message>): Message => ({ message_id: 1, date: 0, chat, ...fields });
const ann = { id: 1, is_bot: false, first_name: 'Ann', last_name: 'Lee' };

describe('what a Telegram message says', () => {
  it('is its text, else its caption, else its kind of file', () => {
    expect(messageText(msg({ text: 'Hello' }))).toBe('Hello');
    const photo = [{ file_id: 'a', file_unique_id: 'a', width: 1, height: 1 }];
    expect(messageText(msg({ photo, caption: 'The damage' }))).toBe('The damage');
    expect(messageText(msg({ photo }))).toBe('(photo)');
    expect(messageText(msg({ sticker: { file_id: 's', file_unique_id: 's', emoji: '👍' } }))).toBe(
      '(sticker 👍)',
    );
    expect(
      messageText(msg({ document: { file_id: 'd', file_unique_id: 'd', file_name: 'a.pdf' } })),
    ).toBe('(document a.pdf)');
  });

  it('puts places and contacts in words', () => {
    expect(messageText(msg({ location: { latitude: 52.52, longitude: 13.405 } }))).toBe(
      'Location: 52.52, 13.405 https://www.openstreetmap.org/?mlat=52.52&mlon=13.405#map=17/52.52/13.405',
    );
    expect(
      messageText(
        msg({ contact: { phone_number: '+4915112345678', first_name: 'Ben', last_name: 'Stone' } }),
      ),
    ).toBe('Contact: Ben Stone, +4915112345678');
  });

  it('says nothing for a service message, and names what it cannot show', () => {
    expect(messageText(msg({}))).toBe('');
    expect(messageText({ ...msg({}), dice: { emoji: '🎲', value: 4 } } as Message)).toBe(
      '(a Telegram dice CaseHub cannot show)',
    );
  });
});

describe('names', () => {
  it('names a private chat after its person and a group after its title', () => {
    expect(chatName(chat)).toBe('Ann Lee');
    expect(chatName({ id: -5, type: 'group', title: ' Acme ops ' })).toBe('Acme ops');
    expect(chatName({ id: 7, type: 'private', username: 'ann' })).toBe('@ann');
  });

  it("puts the sender's name before a group message, or the chat an admin wrote as", () => {
    expect(inGroup({ from: ann }, 'The VPN is down')).toBe('Ann Lee: The VPN is down');
    expect(
      senderName({ from: ann, sender_chat: { id: -9, type: 'supergroup', title: 'Acme' } }),
    ).toBe('Acme');
    expect(inGroup({}, 'anonymous')).toBe('anonymous');
  });
});
