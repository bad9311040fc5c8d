/** A reply sent to a person, as kept for their delivery and read events. */
export interface SentReply {
  /** The CaseHub message id. */
  messageId: string;
  /** Meta's ids of its parts (a long reply goes as several messages), in order. */
  mids: string[];
  /** Just before its last part was POSTed (ms): no later than Meta's own timestamp for it. */
  at: number;
}

/**
 * What a delivery or read event says: Messenger's `watermark` (everything sent before or at it)
 * and `mids` (delivered, when listed); Instagram's `mid` (the newest message seen).
 */
export interface Mark {
  watermark?: number;
  mids?: readonly string[];
  mid?: string;
}

/**
 * The replies an event covers: those whose last part it names, and those sent at or before its
 * watermark. For Instagram's `mid`, the reply it names and every reply sent before it.
 */
export function repliesCovered(replies: readonly SentReply[], mark: Mark): SentReply[] {
  let upTo = mark.watermark ?? -Infinity;
  if (mark.mid) {
    const seen = replies.find((r) => r.mids.includes(mark.mid!));
    if (seen) upTo = Math.max(upTo, seen.at);
  }
  const named = new Set(mark.mids ?? []);
  return replies.filter((r) => r.at <= upTo || named.has(r.mids[r.mids.length - 1]));
}

/** The time up to which an event says messages were delivered or read, as far as we can tell. */
export function markTime(replies: readonly SentReply[], mark: Mark): number | null {
  const covered = repliesCovered(replies, mark);
  const times = [mark.watermark ?? null, ...covered.map((r) => r.at)].filter(
    (t): t is number => t !== null,
  );
  return times.length ? Math.max(...times) : null;
}
