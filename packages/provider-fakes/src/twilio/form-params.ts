/** Form parameters as a record: a name given once maps to a string, a repeated one (MediaUrl) to an array. */
export function formParams(form: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    params[name] = values.length === 1 ? values[0] : values;
  }
  return params;
}
