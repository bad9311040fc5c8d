/**
 * JSON as Meta writes its webhook bodies: non-ASCII as `\uXXXX` with lower-case hex, and `/` as
 * `\/`. Meta signs these escaped bytes, so a plugin that verifies a re-serialised body instead of
 * the bytes received gets a different signature for any message with an accent or an emoji.
 */
export function metaJson(payload: unknown, escapeUnicode = true): string {
  const json = JSON.stringify(payload);
  if (!escapeUnicode) return json;
  return json
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}
