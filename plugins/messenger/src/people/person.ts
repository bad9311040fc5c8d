/** Where a person wrote to the business: Facebook Messenger (the Page) or Instagram Direct. */
export type Platform = 'messenger' | 'instagram';

/** Someone writing to the Page (PSID) or to its Instagram account (IGSID). */
export interface Person {
  platform: Platform;
  /** The page-scoped (PSID) or Instagram-scoped (IGSID) id. */
  id: string;
}

/** The contact handle the core keeps for a person: `messenger:<psid>`, `instagram:<igsid>`. */
export function handleOf(p: Person): string {
  return `${p.platform}:${p.id}`;
}

/** The person behind a `messenger:` or `instagram:` handle; null for any other handle. */
export function personOfHandle(handle: string): Person | null {
  const m = /^(messenger|instagram):(\d{1,40})$/i.exec(handle.trim());
  return m ? { platform: m[1].toLowerCase() as Platform, id: m[2] } : null;
}
