/**
 * How far a plugin has got in one case, kept in its inbox bucket under `c.<case id>`; one key
 * both orders a case's events between replicas and says which of them were handled, so a
 * delivery costs one read and one compare-and-set.
 *
 * - `done`: every sequence up to it is done for ordering (handled, passed over, dead-lettered,
 *   or given up on after `orderWaitMs`): the case's next event may go.
 * - `legacyUpTo`: sequences up to it are judged by the per-event keys (`e.<event id>`), as the
 *   SDK before this format kept them: cases an older SDK advanced, events that came before the
 *   first one this plugin saw of the case.
 * - `unhandled`: sequences above `legacyUpTo` and up to `done` that were not handled
 *   (dead-lettered, or overtaken and still to come). Usually empty.
 *
 * Stored as `<done>;<legacyUpTo>;<unhandled, comma-separated>`; a bare number is the older
 * SDK's value (every sequence up to it is judged by the per-event keys).
 */
export interface CaseProgress {
  done: number;
  legacyUpTo: number;
  unhandled: readonly number[];
}

export function parseProgress(value: string): CaseProgress {
  if (/^\d+$/.test(value)) return { done: Number(value), legacyUpTo: Number(value), unhandled: [] };
  const [done, legacyUpTo, unhandled] = value.split(';');
  return {
    done: Number(done),
    legacyUpTo: Number(legacyUpTo),
    unhandled: unhandled ? unhandled.split(',').map(Number) : [],
  };
}

export function formatProgress(p: CaseProgress): string {
  return `${p.done};${p.legacyUpTo};${p.unhandled.join(',')}`;
}

/**
 * Whether the case's event `sequence` was handled: true or false, or `'ask-event-key'` when
 * only its per-event key can tell (an older SDK's range, or a redelivery that an older SDK may
 * have handled just before it stopped, without advancing the case).
 */
export function wasHandled(
  p: CaseProgress | null,
  sequence: number,
  redelivered: boolean,
): boolean | 'ask-event-key' {
  if (p && sequence <= p.legacyUpTo) return 'ask-event-key';
  if (p && sequence <= p.done) return !p.unhandled.includes(sequence);
  return redelivered ? 'ask-event-key' : false;
}

/**
 * The case's progress once `sequence` is done: `handled` when its handler succeeded (or the
 * plugin has none for it), not when it was dead-lettered. Sequences it jumps over are not
 * handled (yet); a case never seen starts here, earlier sequences judged by their event keys.
 */
export function progressAfter(
  p: CaseProgress | null,
  sequence: number,
  handled: boolean,
): CaseProgress {
  const base = p ?? { done: sequence - 1, legacyUpTo: sequence - 1, unhandled: [] };
  const unhandled = new Set(base.unhandled);
  for (let s = base.done + 1; s < sequence; s++) unhandled.add(s);
  if (handled) unhandled.delete(sequence);
  else if (sequence > base.legacyUpTo) unhandled.add(sequence);
  return {
    done: Math.max(base.done, sequence),
    legacyUpTo: base.legacyUpTo,
    unhandled: [...unhandled].sort((a, b) => a - b),
  };
}
