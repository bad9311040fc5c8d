/** Whether `err` is a violation of a unique index (or primary key) of `table`, on either database. */
export function isUniqueViolation(err: unknown, table: string): boolean {
  const outer = err as { driverError?: unknown } | null;
  const e = (outer?.driverError ?? err) as { code?: string; table?: string; message?: string };
  if (e?.code === '23505') return e.table === table;
  return (
    typeof e?.message === 'string' &&
    e.message.startsWith('UNIQUE constraint failed: ') &&
    e.message.includes(` ${table}.`)
  );
}
