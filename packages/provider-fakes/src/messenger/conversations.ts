import { graphTime } from './graph-time.js';
import type { MessengerState } from './messenger-state.js';

/** Meta lets an app read the details of a conversation's 20 most recent messages. */
const RECENT = 20;

/**
 * The Conversations API: `GET /{page-id}/conversations?platform=messenger|instagram&user_id=…`,
 * with each thread's `messages` (newest first: id, created_time, from, to, message, attachments)
 * when `fields` asks for them.
 */
export function conversationsOf(state: MessengerState, query: URLSearchParams) {
  const platform = query.get('platform') ?? 'messenger';
  const userId = query.get('user_id');
  const withMessages = /\bmessages\b/.test(query.get('fields') ?? '');
  const people = [...state.people.values()].filter(
    (p) => p.platform === platform && (!userId || p.id === userId),
  );
  const data = people.flatMap((person) => {
    const account = state.accountOf(person);
    const messages = [
      ...state.sent
        .filter((m) => m.recipientId === person.id)
        .map((m) => ({
          id: m.mid,
          created_time: m.timestamp,
          from: { id: account },
          to: { data: [{ id: person.id }] },
          message: m.text ?? '',
          attachments: m.attachment
            ? [
                {
                  name: m.attachment.filename,
                  mime_type: m.attachment.contentType,
                  size: m.attachment.bytes.length,
                },
              ]
            : [],
        })),
      ...state.received
        .filter((m) => m.personId === person.id)
        .map((m) => ({
          id: m.mid,
          created_time: m.timestamp,
          from: { id: person.id, name: person.name ?? undefined },
          to: { data: [{ id: account }] },
          message: m.text ?? '',
          attachments: m.attachments.map((a) => ({
            name: a.filename,
            mime_type: a.contentType,
            size: a.size,
          })),
        })),
    ].sort((a, b) => b.created_time.getTime() - a.created_time.getTime());
    if (messages.length === 0) return [];
    const thread = {
      id: state.threads.get(person.id)!,
      updated_time: graphTime(messages[0].created_time),
    };
    if (!withMessages) return [thread];
    return [
      {
        ...thread,
        messages: {
          data: messages.slice(0, RECENT).map(({ attachments, created_time, ...m }) => ({
            ...m,
            created_time: graphTime(created_time),
            ...(attachments.length > 0 ? { attachments: { data: attachments } } : {}),
          })),
        },
      },
    ];
  });
  return { data };
}
