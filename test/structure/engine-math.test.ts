import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A run's numbers must not depend on the JavaScript engine: the engines' Math transcendentals may round
 * differently in the last bit (Node 20's V8 and Deno's do), and Math.random is not seeded. The engine,
 * the rules and the experiments use src/kernels/math.ts and the named random streams instead. Math.sqrt,
 * abs, min, max, floor, round… are exact (correctly rounded by the language) and stay allowed.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FORBIDDEN = /\bMath\.(exp|expm1|log|log1p|log2|log10|tanh|sinh|cosh|asinh|acosh|atanh|sin|cos|tan|asin|acos|atan|atan2|pow|cbrt|hypot|random)\b/g;
// AssemblyScript's Math is compiled into the module (the same on every engine); the twins there are checked bitwise.
const EXEMPT = ['src/kernels/wasm/assembly/'];

/** Code without comments: block comments, whole-line comments and trailing `// …` after code. */
export function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => (line.trimStart().startsWith('//') ? '' : line.replace(/\s\/\/ .*$/, '')))
    .join('\n');
}

export function engineMathUses(file: string, text: string): string[] {
  const out: string[] = [];
  codeOf(text).split('\n').forEach((line, i) => {
    for (const m of line.matchAll(FORBIDDEN)) out.push(`${file}:${i + 1} ${m[0]}`);
  });
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('engine-independent arithmetic', () => {
  it('finds a forbidden call in code and ignores it in comments', () => {
    const sample = "/** Math.exp in a doc comment */\n// Math.log here\nconst a = Math.sqrt(2); // Math.tanh\nconst b = Math.exp(a) + Math.random();";
    expect(engineMathUses('x.ts', sample)).toEqual(['x.ts:4 Math.exp', 'x.ts:4 Math.random']);
  });

  it('src/, rules/ and experiments/ call no Math transcendental and no Math.random', () => {
    const uses = ['src', 'rules', 'experiments']
      .flatMap((d) => tsFiles(join(ROOT, d)))
      .map((f) => relative(ROOT, f))
      .filter((f) => !EXEMPT.some((e) => f.startsWith(e)))
      .flatMap((f) => engineMathUses(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(uses, 'use src/kernels/math.ts (exp, expm1, log, log1p, tanh, sin, cos, acos, pow) or a named random stream').toEqual([]);
  });
});
