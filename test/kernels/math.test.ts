/**
 * The engine's elementary functions (src/kernels/math.ts) against references computed to 40 significant
 * digits with mathjs BigNumbers, from the exact binary value of each argument: the error in units in the
 * last place of the true result. Special values follow IEEE-754 and the ECMAScript Math functions.
 */
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as dm from '../../src/kernels/math.js';
import { mulberry32 } from './helpers.js';

/** A 40-digit number of mathjs (opaque here: only the functions below touch it). */
interface Big {
  readonly __big: true;
}
type F1 = (x: Big | number) => Big;
type F2 = (x: Big | number, y: Big | number) => Big;
const M = create(all, { number: 'BigNumber', precision: 40 }) as unknown as {
  bignumber(x: number | string): Big;
  multiply: F2; subtract: F2; add: F2; pow: F2; abs: F1; unaryMinus: F1;
  exp: F1; log: F1; tanh: F1; sin: F1; cos: F1; acos: F1;
};
const view = new DataView(new ArrayBuffer(8));

/** The exact value of a double as a BigNumber (not its shortest decimal, which is off by up to half an ulp). */
function exact(x: number): Big {
  if (x === 0) return M.bignumber(0);
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (e !== 0) mantissa |= 1n << 52n;
  const value = M.multiply(M.bignumber(mantissa.toString()), M.pow(M.bignumber(2), M.bignumber(e === 0 ? -1074 : e - 1075)));
  return bits >> 63n ? M.unaryMinus(value) : value;
}

function ulpOf(r: number): number {
  const a = Math.abs(r);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = 0, x = a;
  while (x >= 2) (x /= 2, e++);
  while (x < 1) (x *= 2, e--);
  return 2 ** (e - 52);
}

/** |got − reference| in ulps of the reference. */
function ulps(got: number, reference: Big): number {
  const r = Number(reference);
  return Number(M.abs(M.subtract(exact(got), reference))) / ulpOf(r);
}

const rand = mulberry32(2026);
const cases: { name: string; f: (x: number) => number; ref: (x: Big) => Big; draw: () => number; maxUlps: number }[] = [
  { name: 'exp', f: dm.exp, ref: (x) => M.exp(x), draw: () => (rand() - 0.5) * 1400, maxUlps: 1 },
  { name: 'exp near 0', f: dm.exp, ref: (x) => M.exp(x), draw: () => (rand() - 0.5) * 2 * 10 ** (-12 * rand()), maxUlps: 1 },
  { name: 'expm1', f: dm.expm1, ref: (x) => M.subtract(M.exp(x), 1), draw: () => (rand() - 0.5) * 2 * 10 ** (-10 * rand()), maxUlps: 1 },
  { name: 'expm1, wide', f: dm.expm1, ref: (x) => M.subtract(M.exp(x), 1), draw: () => (rand() - 0.5) * 200, maxUlps: 1 },
  { name: 'log', f: dm.log, ref: (x) => M.log(x), draw: () => dm.exp((rand() - 0.5) * 1400), maxUlps: 1 },
  { name: 'log near 1', f: dm.log, ref: (x) => M.log(x), draw: () => 1 + (rand() - 0.5) * 10 ** (-8 * rand()), maxUlps: 1 },
  { name: 'log of subnormals', f: dm.log, ref: (x) => M.log(x), draw: () => rand() * 2 ** -1030, maxUlps: 1 },
  { name: 'log1p', f: dm.log1p, ref: (x) => M.log(M.add(1, x)), draw: () => (rand() - 0.3) * 10 ** (-12 * rand()), maxUlps: 1 },
  { name: 'tanh', f: dm.tanh, ref: (x) => M.tanh(x), draw: () => (rand() - 0.5) * 30 * rand() ** 2, maxUlps: 2 },
  { name: 'sin', f: dm.sin, ref: (x) => M.sin(x), draw: () => (rand() - 0.5) * 2000, maxUlps: 1 },
  { name: 'cos', f: dm.cos, ref: (x) => M.cos(x), draw: () => (rand() - 0.5) * 2000, maxUlps: 1 },
  { name: 'cos(2πu), Box-Muller', f: dm.cos, ref: (x) => M.cos(x), draw: () => 2 * Math.PI * rand(), maxUlps: 1 },
  { name: 'sin near multiples of π', f: dm.sin, ref: (x) => M.sin(x), draw: () => Math.round(rand() * 1000) * Math.PI * (1 + (rand() - 0.5) * 1e-12), maxUlps: 1 },
  { name: 'acos', f: dm.acos, ref: (x) => M.acos(x), draw: () => (rand() - 0.5) * 2, maxUlps: 1 },
  { name: 'pow(x, 0.2), x in [0, 1]', f: (x) => dm.pow(x, 0.2), ref: (x) => M.pow(x, exact(0.2)), draw: () => rand(), maxUlps: 1.5 },
  { name: 'pow(x, 3.7), x in [0, 50]', f: (x) => dm.pow(x, 3.7), ref: (x) => M.pow(x, exact(3.7)), draw: () => rand() * 50, maxUlps: 1.5 },
  { name: 'pow(0.999, t), Adam', f: (t) => dm.pow(0.999, Math.round(t)), ref: (t) => M.pow(exact(0.999), M.bignumber(Math.round(Number(t)))), draw: () => rand() * 1e5, maxUlps: 1.5 },
];

describe('elementary functions are accurate to about one ulp', () => {
  it('stores doubles little-endian, as the bit access assumes', () => expect(dm.LITTLE_ENDIAN).toBe(true));
  for (const c of cases) {
    it(`${c.name}: within ${c.maxUlps} ulp of a 40-digit reference at 400 points`, () => {
      let worst = 0, at = 0;
      for (let i = 0; i < 400; i++) {
        const x = c.draw();
        const e = ulps(c.f(x), c.ref(exact(x)));
        if (e > worst) (worst = e), (at = x);
      }
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(c.maxUlps);
    });
  }

  it('special values as IEEE-754 and ECMAScript have them', () => {
    for (const [f, ref] of [[dm.exp, Math.exp], [dm.expm1, Math.expm1], [dm.log, Math.log], [dm.log1p, Math.log1p], [dm.tanh, Math.tanh], [dm.sin, Math.sin], [dm.cos, Math.cos], [dm.acos, Math.acos]] as const) {
      for (const x of [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2 ** -1074, 1e-300, 709.78, 709.79, -745.13, -745.14]) {
        if ((f === dm.sin || f === dm.cos) && !Number.isFinite(x)) expect(f(x)).toBeNaN();
        else expect(Object.is(f(x), ref(x)) || Math.abs(f(x) - ref(x)) <= 2 * Number.EPSILON * Math.abs(ref(x)), `${f.name}(${x}) = ${f(x)}, Math gives ${ref(x)}`).toBe(true);
      }
    }
    for (const [x, y] of [[0, -1], [-0, -3], [-0, 2], [-2, 3], [-2, 0.5], [2, Infinity], [0.5, Infinity], [1, NaN], [NaN, 0], [-Infinity, 3], [-Infinity, -2], [Infinity, -1], [1e300, 2], [1e-300, 2]]) {
      expect(Object.is(dm.pow(x, y), Math.pow(x, y)), `pow(${x}, ${y}) = ${dm.pow(x, y)}, Math gives ${Math.pow(x, y)}`).toBe(true);
    }
    expect(() => dm.sin(1e7)).toThrow(/beyond the argument range/);
  });
});
