import type { EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A row a change to a case writes beside the case itself (a message, an outbox event, ...),
 * saved together with the case: on PostgreSQL in the same statement, on SQLite in the same
 * transaction. Values are keyed by entity property; they are converted as TypeORM would.
 */
export type RowWrite =
  | {
      readonly kind: 'insert';
      readonly entity: EntityTarget<ObjectLiteral>;
      readonly values: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'update';
      readonly entity: EntityTarget<ObjectLiteral>;
      readonly set: Readonly<Record<string, unknown>>;
      readonly where: Readonly<Record<string, unknown>>;
    };

export function insertRow<T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  values: Partial<T>,
): RowWrite {
  return { kind: 'insert', entity, values };
}

export function updateRow<T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  set: Partial<T>,
  where: Partial<T>,
): RowWrite {
  return { kind: 'update', entity, set, where };
}

/**
 * Text that must contain the case's ticket number, which PostgreSQL allocates in the very
 * statement that inserts the case: the number goes between `head` and `tail`.
 */
export class WithCaseNumber {
  constructor(
    readonly head: string,
    readonly tail: string,
  ) {}

  /** Splits `text` at the first `marker`, dropping the placeholder digits that follow it. */
  static at(text: string, marker: string): WithCaseNumber {
    const start = text.indexOf(marker);
    if (start < 0) throw new Error(`no ${marker} in the text to number`);
    const digits = start + marker.length;
    let end = digits;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    return new WithCaseNumber(text.slice(0, digits), text.slice(end));
  }

  with(number: number): string {
    return this.head + String(number) + this.tail;
  }
}
