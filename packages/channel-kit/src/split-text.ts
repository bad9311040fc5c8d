/**
 * Splits a reply a provider would refuse as too long (`max` UTF-16 code units a message: Twilio
 * 1,600, Messenger and WhatsApp's bodies 2,000 and 4,096, Telegram 4,096) into messages it
 * takes: at the last line break in the second half of the window, else at the last space, else
 * at any line break; a word longer than `max` alone is cut, never inside a surrogate pair. A
 * text that fits is one message, exactly as written.
 */
export function splitText(text: string, max: number): string[] {
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
