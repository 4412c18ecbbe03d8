// Argument checks shared by the charts and the report writer: each throws an Error naming
// the function and the argument before anything is rendered.
import { checkPositiveInt, invalid } from '../errors';

/** `value` must be a string (titles, names, captions). */
export function checkString(fn: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') invalid(fn, `'${name}' must be a string, got ${typeof value}`);
}

/** `value` must be a non-empty array. */
export function checkNonEmpty(
  fn: string,
  name: string,
  value: unknown,
): asserts value is unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    invalid(fn, `'${name}' must be a non-empty array`);
  }
}

/** `value`, if given, must be a positive integer. */
export function checkPositiveInteger(fn: string, name: string, value: unknown): void {
  if (value !== undefined) checkPositiveInt(fn, name, value);
}

/** Every series must have a string name, and no two the same (they are the legend). */
export function checkSeriesNames(fn: string, series: { name: unknown }[]): string[] {
  const names = series.map((s, i) => {
    checkString(fn, `series[${i}].name`, s.name);
    return s.name;
  });
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) invalid(fn, `'series' names must differ, '${repeated}' repeats`);
  return names;
}
