/** The fields of an `application/x-www-form-urlencoded` body; a repeated field is an array. */
export type FormParams = Record<string, string | string[]>;

/**
 * Parses a form-encoded webhook body into every field it carries, exactly as sent (a field given
 * twice keeps both values, in order), which is what a signature over "all parameters" needs.
 * A body framework that drops or merges fields makes a valid signature fail.
 *
 * @example parseForm('To=%2B15005550006&MediaUrl=a&MediaUrl=b') // { To: '+15005550006', MediaUrl: ['a', 'b'] }
 */
export function parseForm(raw: Buffer | string): FormParams {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(
    typeof raw === 'string' ? raw : raw.toString('utf8'),
  )) {
    const values = fields.get(name);
    if (values) values.push(value);
    else fields.set(name, [value]);
  }
  // fromEntries defines each field as an own property, so a field named __proto__ is just a field.
  return Object.fromEntries(
    [...fields].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
  );
}
