// Argument checks shared by the charts and the report writer: each throws an Error naming
// the function and the argument before anything is rendered.

/** Throws `simdnet: <fn>: <message>`. */
export function fail(fn: string, message: string): never {
  throw new Error(`simdnet: ${fn}: ${message}`);
}

/** `value` must be a string (titles, names, captions). */
export function checkString(fn: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') fail(fn, `'${name}' must be a string, got ${typeof value}`);
}

/** `value` must be a non-empty array. */
export function checkNonEmpty(
  fn: string,
  name: string,
  value: unknown,
): asserts value is unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(fn, `'${name}' must be a non-empty array`);
  }
}

/** `value`, if given, must be a positive integer. */
export function checkPositiveInteger(fn: string, name: string, value: unknown): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
    fail(fn, `'${name}' must be a positive integer, got ${String(value)}`);
  }
}

/** Every series must have a string name, and no two the same (they are the legend). */
export function checkSeriesNames(fn: string, series: { name: unknown }[]): string[] {
  const names = series.map((s, i) => {
    checkString(fn, `series[${i}].name`, s.name);
    return s.name;
  });
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) fail(fn, `'series' names must differ, '${repeated}' repeats`);
  return names;
}
