/**
 * Option handling shared by every task factory: reject names the task does not know, fill in defaults,
 * and check individual values with messages that name the task, the option and the offending value.
 */

/** Formats a value for an error message (strings quoted, so `"10"` and `10` are told apart). */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Returns `defaults` overlaid with `options`. Any key not in `defaults` is an error listing the valid keys,
 * because a misspelt option silently falling back to its default would spoil a whole sweep.
 * Keys whose value is `undefined` count as absent, so callers can spread optional settings freely.
 */
export function resolveOptions(
  taskName: string,
  defaults: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const valid = Object.keys(defaults);
  const resolved: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      throw new Error(`task "${taskName}": unknown option "${key}"; valid options are: ${valid.join(', ')}`);
    }
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

/** An integer ≥ 1. */
export function positiveInt(taskName: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`task "${taskName}": option ${key} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegative(taskName: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`task "${taskName}": option ${key} must be a finite number >= 0, got ${show(value)}`);
  }
  return value;
}

/** A finite number strictly between `lo` and `hi`. */
export function openInterval(taskName: string, key: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= lo || value >= hi) {
    throw new Error(`task "${taskName}": option ${key} must be a number in (${lo}, ${hi}), got ${show(value)}`);
  }
  return value;
}

/** A finite number > 0. */
export function positive(taskName: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`task "${taskName}": option ${key} must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}

/** `null`/`undefined` (meaning "no limit") or a positive integer. */
export function optionalPositiveInt(taskName: string, key: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return positiveInt(taskName, key, value);
}
