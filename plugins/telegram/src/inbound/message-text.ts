import type { Chat, Message, User } from '../bot-api/bot-api-types.js';

/** A person's name as Telegram shows it: first and last name. */
export function personName(u: { first_name?: string; last_name?: string }): string {
  return [u.first_name, u.last_name]
    .filter((p) => p?.trim())
    .join(' ')
    .trim();
}

/** The contact's name: the person in a private chat, the group's title in a group. */
export function chatName(chat: Chat): string | null {
  const name = chat.type === 'private' ? personName(chat) : (chat.title ?? '').trim();
  return name || (chat.username ? `@${chat.username}` : null);
}

/** Who wrote a group message: the person, or the chat an anonymous admin or channel wrote as. */
export function senderName(m: Pick<Message, 'from' | 'sender_chat'>): string | null {
  if (m.sender_chat) return chatName(m.sender_chat);
  const from: User | undefined = m.from;
  if (!from) return null;
  return personName(from) || (from.username ? `@${from.username}` : null);
}

const round = (n: number) => Number(n.toFixed(6));

/** A place as words a helpdesk can show, with a map link. */
function place(lat: number, lon: number): string {
  const [a, b] = [round(lat), round(lon)];
  return `${a}, ${b} https://www.openstreetmap.org/?mlat=${a}&mlon=${b}#map=17/${a}/${b}`;
}

/**
 * What a message says, as text: its text or caption; a location, venue, contact or poll in
 * words; a file without caption by its kind (`(photo)`, `(voice message, 4 s)`). Empty for a
 * service message (someone joined, the title changed, …): nothing a customer said.
 */
export function messageText(m: Message): string {
  if (m.text !== undefined) return m.text;
  if (m.venue) {
    const { title, address, location } = m.venue;
    return `Venue: ${title}, ${address} — ${place(location.latitude, location.longitude)}`;
  }
  if (m.location) return `Location: ${place(m.location.latitude, m.location.longitude)}`;
  if (m.contact) {
    const c = m.contact;
    const name = personName(c);
    return `Contact: ${name ? `${name}, ` : ''}${c.phone_number}`;
  }
  if (m.poll) return `Poll: ${m.poll.question}`;
  if (m.caption?.trim()) return m.caption;
  if (m.photo) return '(photo)';
  if (m.sticker) return m.sticker.emoji ? `(sticker ${m.sticker.emoji})` : '(sticker)';
  if (m.voice) return '(voice message)';
  if (m.video_note) return '(video message)';
  if (m.audio) return `(audio${m.audio.title ? ` ${m.audio.title}` : ''})`;
  if (m.video) return '(video)';
  if (m.animation) return '(animation)';
  if (m.document) return `(document${m.document.file_name ? ` ${m.document.file_name}` : ''})`;
  const other = (['dice', 'game', 'story', 'invoice', 'paid_media'] as const).find((k) => k in m);
  return other ? `(a Telegram ${other.replace('_', ' ')} CaseHub cannot show)` : '';
}

/** A group message as one voice among several: the sender's name before the words. */
export function inGroup(m: Pick<Message, 'from' | 'sender_chat'>, text: string): string {
  const who = senderName(m);
  return who ? `${who}: ${text}` : text;
}
