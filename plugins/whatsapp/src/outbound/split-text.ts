/** The most characters WhatsApp takes in one text message's body. */
export const MAX_TEXT = 4_096;

/**
 * Splits a text WhatsApp would refuse as too long into messages it takes, at whitespace where
 * there is some (a word is never cut unless it alone is too long, and then never inside a
 * surrogate pair). A text that fits is one part, as written.
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const space = Math.max(
      window.lastIndexOf(' '),
      window.lastIndexOf('\n'),
      window.lastIndexOf('\t'),
    );
    let cut = space > 0 ? space : max;
    if (space <= 0 && /[\uD800-\uDBFF]/.test(rest[cut - 1])) cut -= 1;
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest || parts.length === 0) parts.push(rest);
  return parts;
}
