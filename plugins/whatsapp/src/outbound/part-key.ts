/**
 * The `biz_opaque_callback_data` each message carries, which Meta echoes in its status
 * webhooks: which reply (or survey invitation) and which of its parts, e.g. `reply.<id>.0`.
 */
export function partKey(key: string, part: number): string {
  return `${key}.${part}`;
}

/** A part key read back from a status webhook; null for anything this plugin did not send. */
export function parsePartKey(
  data: unknown,
): { kind: 'reply' | 'survey'; id: string; key: string; part: number } | null {
  if (typeof data !== 'string') return null;
  const m = /^(reply|survey)\.([A-Za-z0-9_-]{1,100})\.(\d{1,4})$/.exec(data);
  if (!m) return null;
  return { kind: m[1] as 'reply' | 'survey', id: m[2], key: `${m[1]}.${m[2]}`, part: Number(m[3]) };
}
