/** Ticket numbers are shown to people as `#1042`. */
export function formatCaseNumber(n: number): string {
  return `#${n}`;
}

/** Accepts `1042` or `#1042`; anything else is not a ticket number. */
export function parseCaseNumber(s: string): number | null {
  const m = /^#?(\d{1,15})$/.exec(s.trim());
  return m ? Number(m[1]) : null;
}
