/** A mistake the operator can fix: printed as `casehub: <message>`, exit status 1. */
export class CliError extends Error {}

/** Prints rows as an aligned table (or `(none)`). */
export function table(rows: Record<string, unknown>[]): void {
  if (!rows.length) return void console.log('(none)');
  const keys = Object.keys(rows[0]);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]))
      .join('  ')
      .trimEnd();
  console.log(line(keys));
  for (const r of rows) console.log(line(keys.map((k) => String(r[k]))));
}

export function fail(message: string): never {
  throw new CliError(message);
}
