/** What one sendMessage may carry: 4,096 characters (UTF-16 code units, as Telegram counts). */
export const MAX_TEXT = 4096;

/**
 * Splits a reply into messages Telegram takes: at the last line break, else the last space,
 * within the limit (a word longer than the limit is cut, never inside a surrogate pair). A text
 * that fits is one message, as written.
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const newline = window.lastIndexOf('\n');
    const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
    let cut = newline > max / 2 ? newline : space > 0 ? space : newline > 0 ? newline : max;
    if (cut === max && /[\uD800-\uDBFF]/.test(rest[cut - 1])) cut -= 1;
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).replace(/^[ \t]*\n?/, '');
  }
  if (rest.trim() || parts.length === 0) parts.push(rest);
  return parts;
}
