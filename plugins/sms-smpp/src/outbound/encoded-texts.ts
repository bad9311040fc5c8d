import { splitForSmpp, type SmppParts } from '@casehub/channel-kit';

const MAX_REMEMBERED = 1_000;
const recent = new Map<string, SmppParts>();

/**
 * A text's SMPP parts, as `splitForSmpp` gives them, remembered for the texts seen last: a
 * text is split when queued (to count its parts) and again when submitted, most often by the
 * same replica moments later. Throws as `splitForSmpp` does. The parts are read, never changed.
 */
export function encodeText(text: string): SmppParts {
  const known = recent.get(text);
  if (known) return known;
  const encoded = splitForSmpp(text);
  if (recent.size >= MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
  recent.set(text, encoded);
  return encoded;
}
