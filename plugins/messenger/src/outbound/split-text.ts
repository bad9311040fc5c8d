/** The most characters Meta takes in one message's `text`. */
export const MAX_TEXT = 2_000;

/**
 * Splits a reply Meta would refuse as too long into messages it takes, at whitespace where there
 * is some (a word is cut only when it alone is too long, and then never inside a surrogate
 * pair). A reply that fits is one part, as written.
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
