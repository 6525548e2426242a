/**
 * The differences between two JSON-like values as readable lines, "path: a → b", at most `limit` of them.
 * Numbers are compared with Object.is, so −0 and 0 differ and NaN equals NaN: results folders compare bits.
 */
export function deepDiff(a: unknown, b: unknown, limit = 20, path = '', out: string[] = []): string[] {
  if (out.length >= limit) return out;
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    if (!Object.is(a, b)) out.push(`${path || '(value)'}: ${show(a)} → ${show(b)}`);
    return out;
  }
  // Lists of plain values (seeds, layer sizes) read best whole: "seeds: [1,2] → [1,2,3]".
  const plain = (v: unknown) => Array.isArray(v) && v.length <= 32 && v.every((x) => x === null || typeof x !== 'object');
  if (plain(a) && plain(b)) {
    if (JSON.stringify(a) !== JSON.stringify(b) || (a as unknown[]).some((x, i) => !Object.is(x, (b as unknown[])[i]))) out.push(`${path || '(value)'}: ${show(a)} → ${show(b)}`);
    return out;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) deepDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], limit, path ? `${path}.${k}` : k, out);
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
