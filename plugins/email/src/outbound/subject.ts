/** The ticket number in the subject: what threads a customer's answer even without headers. */
export function withTicketNumber(subject: string, caseNumber: number): string {
  const tag = `[#${caseNumber}]`;
  return subject.includes(tag) ? subject : `${subject} ${tag}`.trim();
}

/** `Re: Re: AW: Parcel [#12]` → 12; null when the subject names no ticket. */
export function ticketNumberIn(subject: string | null | undefined): number | null {
  const m = /\[#(\d{1,15})\]/.exec(subject ?? '');
  return m ? Number(m[1]) : null;
}
