/**
 * Elementary functions computed with plain IEEE-754 arithmetic: +, −, ×, ÷, √ and exact bit operations,
 * each of which every JavaScript engine and WebAssembly round the same way. The engines' own Math.exp,
 * Math.log, Math.cos… are allowed to differ in the last bit between engines and versions (Node 20's V8 and
 * Deno's do, e.g. for Math.exp(1.7)), so a run that passed through them could not give the same bits in
 * Node, in Deno and in a browser. Nothing in src/ or rules/ calls them; everything calls these.
 *
 * The algorithms are the classic ones of Sun's fdlibm (the library V8's own Math functions derive from):
 * reduce the argument exactly (x = k·ln2 + r, x = 2^k·(1 + f), x = n·π/2 + y with a three-part π/2), then a
 * minimax polynomial on the reduced range; accurate to within 1 ulp. pow is exp(y·log x) with log x carried
 * in two doubles. The WebAssembly twins (src/kernels/wasm/assembly/math.ts) are the same operations in the
 * same order, so the two give the same bits; test/kernels/math.test.ts checks accuracy against 40-digit
 * references and the twins against each other.
 *
 * Trigonometric arguments are reduced with the three-part π/2 of fdlibm's medium range, exact for
 * |x| < 2^19·π/2 ≈ 823,550; beyond that sin and cos throw (nothing here needs them there).
 */

// Bit access to one double (little-endian, as on every platform the engines run on).
const F = new Float64Array(1);
const W = new Uint32Array(F.buffer);
const LO = 0, HI = 1;

function highWord(x: number): number {
  F[0] = x;
  return W[HI] | 0;
}
function lowWord(x: number): number {
  F[0] = x;
  return W[LO] >>> 0;
}
function fromWords(hi: number, lo: number): number {
  W[HI] = hi >>> 0;
  W[LO] = lo >>> 0;
  return F[0];
}
function withHighWord(x: number, hi: number): number {
  F[0] = x;
  W[HI] = hi >>> 0;
  return F[0];
}
function withLowWordZero(x: number): number {
  F[0] = x;
  W[LO] = 0;
  return F[0];
}

/** 2^k for an integer −1022 ≤ k ≤ 1023, exactly (a normal double built from its exponent bits). */
function twoTo(k: number): number {
  return fromWords((k + 1023) << 20, 0);
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const TWO54 = 1.80143985094819840000e16;

const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/** e^x. */
export function exp(x: number): number {
  if (x !== x) return x;
  if (x > 7.09782712893383973096e2) return Infinity;
  if (x < -7.45133219101941108420e2) return 0;
  const hx = highWord(x) & 0x7fffffff;
  let hi = 0, lo = 0, k = 0, r = x;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2: x = k·ln2 + r, |r| ≤ 0.5 ln2, with k·ln2 in two parts so that hi − lo is exact enough.
    if (hx < 0x3ff0a2b2) k = x < 0 ? -1 : 1;
    else k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
    r = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // y·2^k; below the normal range the scaling is split so that each product is exact or rounds once.
  if (k >= -1021) return k === 1024 ? y * 2 * twoTo(1023) : y * twoTo(k);
  return y * twoTo(k + 1000) * twoTo(-1000);
}

const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** e^x − 1, accurate also for x near 0. */
export function expm1(x: number): number {
  if (x !== x) return x;
  const hxs = highWord(x), hx = hxs & 0x7fffffff;
  const negative = hxs < 0;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56 ln2
    if (x > 7.09782712893383973096e2) return Infinity;
    if (negative) return -1;
  }
  let hi = 0, lo = 0, k = 0, c = 0, xr = x;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    xr = hi - lo;
    c = hi - xr - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54
  }
  const hfx = 0.5 * xr, hxs2 = xr * hfx;
  const r1 = 1 + hxs2 * (Q1 + hxs2 * (Q2 + hxs2 * (Q3 + hxs2 * (Q4 + hxs2 * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs2 * ((r1 - t) / (6 - xr * t));
  if (k === 0) return xr - (xr * e - hxs2);
  e = xr * (e - c) - c;
  e -= hxs2;
  if (k === -1) return 0.5 * (xr - e) - 0.5;
  if (k === 1) return xr < -0.25 ? -2 * (e - (xr + 0.5)) : 1 + 2 * (xr - e);
  if (k <= -2 || k > 56) {
    let y = 1 - (e - xr);
    y = k === 1024 ? y * 2 * twoTo(1023) : y * twoTo(k);
    return y - 1;
  }
  if (k < 20) {
    const t1 = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 − 2^-k
    return (t1 - (e - xr)) * twoTo(k);
  }
  const t2 = twoTo(-k);
  return (xr - (e + t2) + 1) * twoTo(k);
}

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** The natural logarithm: x = 2^k·(1 + f) with √2/2 < 1 + f < √2, then log(1 + f) from s = f/(2 + f). */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    k -= 54; // subnormal: scale into the normal range
    x *= TWO54;
    hx = highWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2
  k += i0 >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/**
 * log(x) for x > 0 finite, in two doubles hi + lo carrying more precision than one (for pow): the same
 * reduction, with log(1 + f) = f − ½f² + s·(½f² + R) summed by error-free additions.
 */
function logParts(x: number): { hi: number; lo: number } {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const s = f / (2 + f);
  const z = s * s, w = z * z;
  const R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  // f·f exactly as ff + ffErr (Dekker), so that ½f² enters at full precision.
  const ff = f * f;
  const fh = f * SPLIT - (f * SPLIT - f), fl = f - fh;
  const ffErr = fh * fh - ff + 2 * fh * fl + fl * fl;
  const hfsq = 0.5 * ff, hfsqErr = 0.5 * ffErr;
  // a = k·ln2_hi + f, exactly as a + aErr (k·ln2_hi is exact: ln2_hi has 21 trailing zero bits).
  const kh = k * LN2_HI;
  const a = kh + f, ab = a - kh, aErr = kh - (a - ab) + (f - ab);
  // b = a − hfsq, exactly as b + bErr.
  const b = a - hfsq, bb = b - a, bErr = a - (b - bb) + (-hfsq - bb);
  const lo = aErr + bErr - hfsqErr + s * (hfsq + R) + k * LN2_LO;
  const hi = b + lo;
  return { hi, lo: lo - (hi - b) };
}

/** log(1 + x), accurate also for x near 0. */
export function log1p(x: number): number {
  if (x !== x || x < -1) return NaN;
  if (x === -1) return -Infinity;
  if (x === Infinity) return Infinity;
  const ax = Math.abs(x);
  if (ax < 1.1102230246251565e-16) return x; // 2^-53: log1p(x) rounds to x
  const u = 1 + x;
  // log(u) + the rounding error of u = 1 + x, corrected to first order: (x − (u − 1)) / u.
  const c = u - 1 === x ? 0 : (x - (u - 1)) / u;
  const { hi, lo } = logParts(u);
  return hi + (lo + c);
}

/** tanh(x) = (e^{2x} − 1)/(e^{2x} + 1), through expm1 so that it is accurate near 0. */
export function tanh(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax >= 22) return x > 0 ? 1 : -1; // tanh(22) rounds to 1
  if (ax < 2.7755575615628914e-17) return x * (1 + x); // |x| < 2^-55
  let t: number;
  if (ax >= 1) {
    t = 1 - 2 / (expm1(2 * ax) + 2);
  } else {
    const e = expm1(-2 * ax);
    t = -e / (e + 2);
  }
  return x < 0 ? -t : t;
}

const SPLIT = 134217729; // 2^27 + 1: Dekker's splitting constant

/** x^y: exp(y·log x), with log x in two doubles and y·log x split exactly, so the result is within 1 ulp or so. */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x !== x || y !== y) return NaN;
  if (x === 1) return 1;
  const yInt = Number.isInteger(y);
  const yOdd = yInt && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
  if (x === 0) {
    if (y < 0) return yOdd && Object.is(x, -0) ? -Infinity : Infinity;
    return yOdd && Object.is(x, -0) ? -0 : 0;
  }
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return NaN;
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  if (!Number.isFinite(x)) {
    if (x > 0) return y > 0 ? Infinity : 0;
    const mag = y > 0 ? Infinity : 0;
    return yOdd ? -mag : mag;
  }
  if (x < 0) {
    if (!yInt) return NaN;
    const r = pow(-x, y);
    return yOdd ? -r : r;
  }
  const { hi: lh, lo: ll } = logParts(x);
  // y · (lh + ll) as ph + pl, with y·lh computed exactly by splitting both factors (Dekker).
  const ph = y * lh;
  const yh = y * SPLIT - (y * SPLIT - y), yl = y - yh;
  const lhh = lh * SPLIT - (lh * SPLIT - lh), lhl = lh - lhh;
  const err = yh * lhh - ph + yh * lhl + yl * lhh + yl * lhl;
  const pl = err + y * ll;
  if (ph > 709.8) return Infinity;
  if (ph < -745.2) return 0;
  const e = exp(ph);
  return e + e * pl; // e^(ph + pl) ≈ e^ph · (1 + pl), |pl| tiny
}

// π/2 in three parts (33 + 33 + 53 bits), and the error of the sum of the first two, as in fdlibm.
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const INV_PIO2 = 6.36619772367581382433e-1;

/** x = n·π/2 + (y0 + y1), |y0 + y1| ≤ π/4; returns n mod 4. Exact for |x| < 2^19·π/2. */
const Y = new Float64Array(2);
function reduce(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 7.85398163397448278999e-1) {
    Y[0] = x;
    Y[1] = 0;
    return 0;
  }
  if (!(ax < 823549.6)) throw new RangeError(`sin/cos: |x| = ${ax} is beyond the argument range these functions reduce exactly (|x| < 823,549)`);
  const n = Math.trunc(ax * INV_PIO2 + 0.5);
  const fn = n;
  let r = ax - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  // Cancellation check as in fdlibm: if many leading bits cancelled, take more bits of π/2.
  const j = (highWord(ax) >> 20) & 0x7ff;
  let i = j - ((highWord(y0) >> 20) & 0x7ff);
  if (i > 16) {
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    y0 = r - w;
    i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  if (x < 0) {
    Y[0] = -y0;
    Y[1] = -y1;
    return (-n) & 3;
  }
  Y[0] = y0;
  Y[1] = y1;
  return n & 3;
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) on |x + y| ≤ π/4 (y the small tail of a reduced argument; `tail` false: there is none). */
function kernelSin(x: number, y: number, tail: boolean): number {
  const z = x * x, v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!tail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) on |x + y| ≤ π/4. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + (z * r - x * y));
}

export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 7.450580596923828e-9) return x; // |x| < 2^-27
  if (Math.abs(x) <= 7.85398163397448278999e-1) return kernelSin(x, 0, false);
  const n = reduce(x);
  const y0 = Y[0], y1 = Y[1];
  switch (n) {
    case 0: return kernelSin(y0, y1, true);
    case 1: return kernelCos(y0, y1);
    case 2: return -kernelSin(y0, y1, true);
    default: return -kernelCos(y0, y1);
  }
}

export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 7.450580596923828e-9) return 1;
  const n = reduce(x);
  const y0 = Y[0], y1 = Y[1];
  switch (n) {
    case 0: return kernelCos(y0, y1);
    case 1: return -kernelSin(y0, y1, true);
    case 2: return -kernelCos(y0, y1);
    default: return kernelSin(y0, y1, true);
  }
}

const PI_HI = 3.14159265358979311600e0;
const PIO2_HI = 1.57079632679489655800e0;
const PIO2_LO = 6.12323399573676603587e-17;
const PS0 = 1.66666666666666657415e-1;
const PS1 = -3.25565818622400915405e-1;
const PS2 = 2.01212532134862925881e-1;
const PS3 = -4.00555345006794114027e-2;
const PS4 = 7.91534994289814532176e-4;
const PS5 = 3.47933107596021167570e-5;
const QS1 = -2.40339491173441421878e0;
const QS2 = 2.02094576023350569471e0;
const QS3 = -6.88283971605453293030e-1;
const QS4 = 7.70381505559019352791e-2;

/** The rational approximation of (asin(√z)/√z − 1)/z used by acos. */
function acosR(z: number): number {
  const p = z * (PS0 + z * (PS1 + z * (PS2 + z * (PS3 + z * (PS4 + z * PS5)))));
  const q = 1 + z * (QS1 + z * (QS2 + z * (QS3 + z * QS4)));
  return p / q;
}

/** arccos(x) on [−1, 1] (NaN outside). */
export function acos(x: number): number {
  if (x !== x || x > 1 || x < -1) return NaN;
  if (x === 1) return 0;
  if (x === -1) return PI_HI + 2 * PIO2_LO;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    if (ax <= 6.938893903907228e-18) return PIO2_HI + PIO2_LO; // |x| ≤ 2^-57
    return PIO2_HI - (x - (PIO2_LO - x * acosR(x * x)));
  }
  const z = (1 - ax) * 0.5;
  const s = Math.sqrt(z);
  if (x < 0) {
    const w = acosR(z) * s - PIO2_LO;
    return PI_HI - 2 * (s + w);
  }
  const df = withLowWordZero(s);
  const c = (z - df * df) / (s + df);
  const w = acosR(z) * s + c;
  return 2 * (df + w);
}

/** Whether this platform stores doubles little-endian (the bit access above assumes it). */
export const LITTLE_ENDIAN = ((): boolean => {
  F[0] = 1;
  return W[HI] === 0x3ff00000 && lowWord(1) === 0;
})();
