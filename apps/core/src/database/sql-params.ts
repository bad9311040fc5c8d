import type { Dialect } from './dialect.js';

/** Positional parameters of a hand-written query: `param(v)` keeps v and returns its placeholder. */
export function sqlParams(dialect: Dialect) {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return dialect === 'postgres' ? `$${values.length}` : '?';
  };
  return { values, param };
}
