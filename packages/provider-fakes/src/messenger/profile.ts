import { messengerErrors, type MessengerGraphError } from './graph-error.js';
import type { MessengerPerson } from './messenger-person.js';

const MESSENGER_FIELDS = ['first_name', 'last_name', 'name', 'profile_pic', 'id'];
const INSTAGRAM_FIELDS = ['name', 'username', 'profile_pic', 'id'];

/**
 * The User Profile API (`GET /{PSID}?fields=first_name,last_name,profile_pic`) and Instagram's
 * (`GET /{IGSID}?fields=name,username,profile_pic`): the fields asked for, and the id.
 */
export function profileOf(
  person: MessengerPerson | undefined,
  id: string,
  fieldsParam: string | null,
): { body: Record<string, string> } | { error: MessengerGraphError } {
  if (!person || person.hiddenProfile) return { error: messengerErrors.unsupported('get', id) };
  const allowed = person.platform === 'messenger' ? MESSENGER_FIELDS : INSTAGRAM_FIELDS;
  const fields = (fieldsParam ?? 'name')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !allowed.includes(f));
  if (unknown) {
    return {
      error: messengerErrors.param(
        `Tried accessing nonexisting field (${unknown}) on node type (${person.platform === 'messenger' ? 'User' : 'InstagramUser'})`,
      ),
    };
  }
  const values: Record<string, string | null> = {
    first_name: person.firstName,
    last_name: person.lastName,
    name: person.name,
    username: person.username,
    profile_pic: person.profilePic,
  };
  const body: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f];
    if (v !== null && v !== undefined) body[f] = v;
  }
  body.id = person.id;
  return { body };
}
