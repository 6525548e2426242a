/*
 * The twins of src/kernels/math.ts used inside the kernels (exp, expm1, log, log1p, tanh): the same
 * operations in the same order, so each gives exactly the bits of its JavaScript twin (tests compare them
 * on many arguments). See that file for the algorithms and their accuracy.
 */

@inline function highWord(x: f64): i32 {
  return <i32>(reinterpret<u64>(x) >> 32);
}
@inline function fromWords(hi: i32, lo: u32): f64 {
  return reinterpret<f64>((<u64><u32>hi << 32) | <u64>lo);
}
@inline function withHighWord(x: f64, hi: i32): f64 {
  return reinterpret<f64>((<u64><u32>hi << 32) | (reinterpret<u64>(x) & 0xffffffff));
}
@inline function twoTo(k: i32): f64 {
  return fromWords((k + 1023) << 20, 0);
}

export const LN2_HI: f64 = 6.93147180369123816490e-1;
export const LN2_LO: f64 = 1.90821492927058770002e-10;
export const INV_LN2: f64 = 1.44269504088896338700e0;
const TWO54: f64 = 1.80143985094819840000e16;
export const P1: f64 = 1.66666666666666019037e-1;
export const P2: f64 = -2.77777777770155933842e-3;
export const P3: f64 = 6.61375632143793436117e-5;
export const P4: f64 = -1.65339022054652515390e-6;
export const P5: f64 = 4.13813679705723846039e-8;

export function exp_(x: f64): f64 {
  if (x != x) return x;
  if (x > 7.09782712893383973096e2) return Infinity;
  if (x < -7.45133219101941108420e2) return 0;
  const hx = highWord(x) & 0x7fffffff;
  let hi: f64 = 0, lo: f64 = 0, r = x;
  let k: f64 = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) k = x < 0 ? -1 : 1;
    else k = trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
    r = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  const ki = <i32>k;
  if (ki >= -1021) return ki == 1024 ? y * 2 * twoTo(1023) : y * twoTo(ki);
  return y * twoTo(ki + 1000) * twoTo(-1000);
}

export const Q1: f64 = -3.33333333333331316428e-2;
export const Q2: f64 = 1.58730158725481460165e-3;
export const Q3: f64 = -7.93650757867487942473e-5;
export const Q4: f64 = 4.00821782732936239552e-6;
export const Q5: f64 = -2.01099218183624371326e-7;

export function expm1_(x: f64): f64 {
  if (x != x) return x;
  const hxs = highWord(x), hx = hxs & 0x7fffffff;
  const negative = hxs < 0;
  if (hx >= 0x4043687a) {
    if (x > 7.09782712893383973096e2) return Infinity;
    if (negative) return -1;
  }
  let hi: f64 = 0, lo: f64 = 0, c: f64 = 0, xr = x;
  let k: i32 = 0;
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
      const kf = trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      k = <i32>kf;
      hi = x - kf * LN2_HI;
      lo = kf * LN2_LO;
    }
    xr = hi - lo;
    c = hi - xr - lo;
  } else if (hx < 0x3c900000) {
    return x;
  }
  const hfx = 0.5 * xr, hxs2 = xr * hfx;
  const r1 = 1 + hxs2 * (Q1 + hxs2 * (Q2 + hxs2 * (Q3 + hxs2 * (Q4 + hxs2 * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs2 * ((r1 - t) / (6 - xr * t));
  if (k == 0) return xr - (xr * e - hxs2);
  e = xr * (e - c) - c;
  e -= hxs2;
  if (k == -1) return 0.5 * (xr - e) - 0.5;
  if (k == 1) return xr < -0.25 ? -2 * (e - (xr + 0.5)) : 1 + 2 * (xr - e);
  if (k <= -2 || k > 56) {
    let y = 1 - (e - xr);
    y = k == 1024 ? y * 2 * twoTo(1023) : y * twoTo(k);
    return y - 1;
  }
  if (k < 20) {
    const t1 = fromWords(0x3ff00000 - (0x200000 >> k), 0);
    return (t1 - (e - xr)) * twoTo(k);
  }
  const t2 = twoTo(-k);
  return (xr - (e + t2) + 1) * twoTo(k);
}

const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

export function log_(x: f64): f64 {
  if (x != x || x < 0) return NaN;
  if (x == 0) return -Infinity;
  if (x == Infinity) return Infinity;
  let hx = highWord(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000));
  k += i0 >> 20;
  const f = x - 1;
  const dk = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) return k == 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
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
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k == 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

export function tanh_(x: f64): f64 {
  if (x != x) return x;
  const ax = abs(x);
  if (ax >= 22) return x > 0 ? 1 : -1;
  if (ax < 2.7755575615628914e-17) return x * (1 + x);
  let t: f64;
  if (ax >= 1) {
    t = 1 - 2 / (expm1_(2 * ax) + 2);
  } else {
    const e = expm1_(-2 * ax);
    t = -e / (e + 2);
  }
  return x < 0 ? -t : t;
}
