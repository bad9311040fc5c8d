/** What an SMTP failure means for the mail: try again later, or never. */
export type SmtpVerdict = 'transient' | 'permanent';

/**
 * RFC 5321: a 5xx reply is permanent (the address does not exist, the mail is refused), a 4xx
 * one transient (greylisting, a full mailbox, rate limits); no reply at all (connection refused,
 * timeout, TLS trouble) is transient too. Bad credentials are our configuration's fault: retry,
 * so that fixing SMTP_URL delivers what waited.
 */
export function smtpVerdict(err: unknown): SmtpVerdict {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH') {
    return 'permanent';
  }
  return 'transient';
}

export function describeSmtpError(err: unknown): string {
  const e = err as { response?: string; message?: string };
  return (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 1000);
}
