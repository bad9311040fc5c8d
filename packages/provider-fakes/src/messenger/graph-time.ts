/** A time as Graph writes it: `2026-12-07T20:16:32+0000`. */
export function graphTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}
