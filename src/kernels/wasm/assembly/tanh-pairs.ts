/*
 * tanh on two values at once (f64x2), giving for each lane exactly the bits of the scalar tanh_ (math.ts),
 * itself the twin of src/kernels/math.ts. Why: tanh is the costliest step of a tanh network's forward pass
 * after the products (about 45 ns a value scalar, mostly mispredicted branches on the sign and the range of
 * expm1's argument). Here every lane takes every branch and a select keeps the one the scalar code would have
 * taken; the operations on the kept path are the scalar ones, in the same order, so the bits are the same.
 *
 * Covered here: 2^-55 <= |x| < 22 (what activations see). A pair with a lane outside it (NaN, ±0 and tiny
 * values, |x| >= 22, infinities) is computed lane by lane with the scalar tanh_.
 *
 * Within that range tanh_(x) = ±(1 − 2/(expm1(2|x|) + 2)) for |x| >= 1 and ±(−e/(e + 2)), e = expm1(−2|x|),
 * below, so expm1 sees y in [2, 44) (its general reduction, k from 3 to 64) or y in (−2, −2^-54] (k = 0,
 * −1, −2 or −3). The reduction with k = 0 or ±1 is the general formula with that k: x − 0·ln2hi = x and
 * x − (±1)·ln2hi = x ∓ ln2hi exactly, so one formula serves all lanes. Scaling by 2^k is a multiplication by
 * an exact power of two (no overflow or underflow for these k), as in the scalar code.
 */
import { INV_LN2, LN2_HI, LN2_LO, Q1, Q2, Q3, Q4, Q5, tanh_ } from './math';

@inline function splat(v: f64): v128 {
  return f64x2.splat(v);
}

/** 2^k per lane for integral k in the normal range. */
@inline function twoToLanes(k: v128): v128 {
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  return i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
}

/** |x|'s high word per lane, as i64 (the scalar code compares high words with fdlibm's thresholds). */
@inline function highWords(ax: v128): v128 {
  return i64x2.shr_u(ax, 32);
}

/** expm1 for lanes in the range described above; `negative` is the lanes' sign mask. */
@inline function expm1Pairs(y: v128, negative: v128): v128 {
  const hy = highWords(f64x2.abs(y));
  const small = i64x2.le_s(hy, i64x2.splat(0x3fd62e42)); // k = 0
  const near = v128.andnot(i64x2.lt_s(hy, i64x2.splat(0x3ff0a2b2)), small); // k = ±1
  const half = v128.bitselect(splat(-0.5), splat(0.5), negative);
  const general = f64x2.trunc(f64x2.add(f64x2.mul(splat(INV_LN2), y), half));
  const one = v128.bitselect(splat(-1), splat(1), negative);
  const kf = v128.bitselect(splat(0), v128.bitselect(one, general, near), small);
  const hi = f64x2.sub(y, f64x2.mul(kf, splat(LN2_HI)));
  const lo = f64x2.mul(kf, splat(LN2_LO));
  const xr = f64x2.sub(hi, lo);
  const c = f64x2.sub(f64x2.sub(hi, xr), lo);
  const hfx = f64x2.mul(splat(0.5), xr), hxs = f64x2.mul(xr, hfx);
  const poly = f64x2.add(splat(Q4), f64x2.mul(hxs, splat(Q5)));
  const poly3 = f64x2.add(splat(Q3), f64x2.mul(hxs, poly));
  const poly2 = f64x2.add(splat(Q2), f64x2.mul(hxs, poly3));
  const poly1 = f64x2.add(splat(Q1), f64x2.mul(hxs, poly2));
  const r1 = f64x2.add(splat(1), f64x2.mul(hxs, poly1));
  const t = f64x2.sub(splat(3), f64x2.mul(r1, hfx));
  const e = f64x2.mul(hxs, f64x2.div(f64x2.sub(r1, t), f64x2.sub(splat(6), f64x2.mul(xr, t))));
  // k = 0
  const r0 = f64x2.sub(xr, f64x2.sub(f64x2.mul(xr, e), hxs));
  // k != 0
  const e2 = f64x2.sub(f64x2.sub(f64x2.mul(xr, f64x2.sub(e, c)), c), hxs);
  const rMinus1 = f64x2.sub(f64x2.mul(splat(0.5), f64x2.sub(xr, e2)), splat(0.5));
  const rPlus1 = v128.bitselect(
    f64x2.mul(splat(-2), f64x2.sub(e2, f64x2.add(xr, splat(0.5)))),
    f64x2.add(splat(1), f64x2.mul(splat(2), f64x2.sub(xr, e2))),
    f64x2.lt(xr, splat(-0.25)),
  );
  const scale = twoToLanes(kf);
  const low = f64x2.sub(f64x2.mul(f64x2.sub(splat(1), f64x2.sub(e2, xr)), scale), splat(1)); // k <= -2 or k > 56
  const mid = f64x2.mul(f64x2.sub(f64x2.sub(splat(1), twoToLanes(f64x2.neg(kf))), f64x2.sub(e2, xr)), scale); // 2 <= k < 20
  const high = f64x2.mul(f64x2.add(f64x2.sub(xr, f64x2.add(e2, twoToLanes(f64x2.neg(kf)))), splat(1)), scale); // 20 <= k <= 56
  const isLow = v128.or(f64x2.le(kf, splat(-2)), f64x2.gt(kf, splat(56)));
  const isMid = f64x2.lt(kf, splat(20));
  const generalResult = v128.bitselect(low, v128.bitselect(mid, high, isMid), isLow);
  const nonZeroK = v128.bitselect(rMinus1, v128.bitselect(rPlus1, generalResult, f64x2.eq(kf, splat(1))), f64x2.eq(kf, splat(-1)));
  return v128.bitselect(r0, nonZeroK, small);
}

/** tanh of both lanes; see the header for the range handled here and the fallback. */
export function tanhPairs(x: v128): v128 {
  const ax = f64x2.abs(x);
  // NaN compares false, so it fails `inRange` and goes to the scalar path with the other specials.
  const inRange = v128.and(f64x2.ge(ax, splat(2.7755575615628914e-17)), f64x2.lt(ax, splat(22)));
  if (!i64x2.all_true(inRange)) {
    return f64x2.replace_lane(f64x2.splat(tanh_(f64x2.extract_lane(x, 0))), 1, tanh_(f64x2.extract_lane(x, 1)));
  }
  const big = f64x2.ge(ax, splat(1));
  const y = v128.bitselect(f64x2.mul(splat(2), ax), f64x2.mul(splat(-2), ax), big);
  const em = expm1Pairs(y, v128.not(big));
  const tBig = f64x2.sub(splat(1), f64x2.div(splat(2), f64x2.add(em, splat(2))));
  const tSmall = f64x2.div(f64x2.neg(em), f64x2.add(em, splat(2)));
  const t = v128.bitselect(tBig, tSmall, big);
  return v128.bitselect(f64x2.neg(t), t, f64x2.lt(x, splat(0)));
}
