/** Where a person writes to the business: Facebook Messenger (to the Page) or Instagram Direct. */
export type MessengerPlatform = 'messenger' | 'instagram';

/** Someone who writes to the Page (PSID) or to its Instagram professional account (IGSID). */
export interface MessengerPersonInput {
  /** Default `messenger`. */
  platform?: MessengerPlatform;
  /** PSID or IGSID. Default: a random numeric id. */
  id?: string;
  /** Messenger's profile fields. */
  firstName?: string;
  lastName?: string;
  /** Instagram's display name (Messenger's `name` is first and last name). */
  name?: string;
  /** Instagram's user name. */
  username?: string;
  profilePic?: string;
  /** The profile API does not tell this person's name (privacy settings): 100 / 33. */
  hiddenProfile?: boolean;
  /** Sends to this person fail with 551 ("This person isn't available right now"). */
  unavailable?: boolean;
}

/** A person the fake knows, as the profile API describes them. */
export interface MessengerPerson {
  platform: MessengerPlatform;
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  username: string | null;
  profilePic: string | null;
  hiddenProfile: boolean;
  unavailable: boolean;
  /** When they last wrote (their latest message's timestamp): opens the messaging windows. */
  lastMessageAt: Date | null;
}

export function personOf(input: MessengerPersonInput, id: string): MessengerPerson {
  const platform = input.platform ?? 'messenger';
  const first = input.firstName ?? (platform === 'messenger' ? 'Zoë' : null);
  const last = input.lastName ?? (platform === 'messenger' ? 'Dvořák' : null);
  return {
    platform,
    id,
    firstName: first,
    lastName: last,
    name:
      input.name ?? (platform === 'messenger' ? [first, last].filter(Boolean).join(' ') : 'Zoë D'),
    username: input.username ?? (platform === 'instagram' ? `zoe.d${id.slice(-4)}` : null),
    profilePic: input.profilePic ?? null,
    hiddenProfile: input.hiddenProfile ?? false,
    unavailable: input.unavailable ?? false,
    lastMessageAt: null,
  };
}
