/** A message template of the business account, as the fake lists and accepts it. */
export interface FakeWhatsAppTemplate {
  name: string;
  /** e.g. `en_US`: each translation is a template of its own, as at Meta. */
  language: string;
  /** The BODY text, with positional parameters `{{1}}` … `{{n}}`. */
  body: string;
  /** Default `APPROVED`; only approved templates can be sent (else 132001). */
  status?: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  /** Default `UTILITY`. */
  category?: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  /** A HEADER text component (no parameters), listed as Meta lists it. */
  header?: string;
  /** A FOOTER text component. */
  footer?: string;
  /** Default: a new Graph id. */
  id?: string;
}

/** How many positional parameters a template body takes: its highest `{{n}}`. */
export function parameterCount(body: string): number {
  let n = 0;
  for (const m of body.matchAll(/\{\{\s*(\d{1,3})\s*\}\}/g)) n = Math.max(n, Number(m[1]));
  return n;
}
