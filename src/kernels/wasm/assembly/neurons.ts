/*
 * The LIF neuron updates (src/neurons/spiking/lif.ts: lif, lif-cond; lif-adaptive.ts), one step of a whole
 * population per call. Each neuron is computed by the same operations, in the same order, as in the
 * JavaScript loop it stands for, so the state and the spike list are the same bits.
 *
 * Why two neurons at a time: the integration of one neuron does not depend on another's, so f64x2 computes
 * two at once and gives each lane exactly the scalar result. The branches (refractory, spike, lif-cond's
 * two forms of the membrane decay) are rare in a population at a few Hz, so a pair where neither lane
 * branches stores its results as vectors, and only a pair where one does goes through the scalar code, lane
 * 0 before lane 1, so that the spike indices stay in increasing order.
 */
import { exp_, P1, P2, P3, P4, P5 } from './math';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** countDown of src/neurons/spiking/lif-spike-reset.ts: r − dt, or 0 once no more than half a step is left. */
@inline function countDown(left: usize, i: i32, r: f64, dt: f64, halfDt: f64): void {
  const next = r - dt;
  store<f64>(at(left, i), next > halfDt ? next : 0);
}

/** The spike of lif-spike-reset.ts: v ← Vr, refractory for refTime, index into the spike list. */
@inline function spike(v: usize, ref: usize, spikes: usize, slot: i32, i: i32, Vr: f64, refTime: f64): void {
  store<f64>(at(v, i), Vr);
  store<f64>(at(ref, i), refTime);
  store<i32>(spikes + (<usize>slot << 2), i);
}

/**
 * The end of one neuron's step once its synaptic variables have decayed: held (refractory), spiking or
 * integrated to vNext; returns the new spike count.
 */
@inline function finish(v: usize, ref: usize, spikes: usize, count: i32, i: i32, r: f64, vNext: f64, Vt: f64, Vr: f64, refTime: f64, dt: f64, halfDt: f64): i32 {
  if (r > 0) {
    countDown(ref, i, r, dt, halfDt);
    store<f64>(at(v, i), Vr);
    return count;
  }
  if (vNext > Vt) {
    spike(v, ref, spikes, count, i, Vr, refTime);
    return count + 1;
  }
  store<f64>(at(v, i), vNext);
  return count;
}

/** lifCurrent's step (CUBA): v ← V∞ + (v − V∞)·pM + ge·pE + gi·pI with the start-of-step ge, gi. */
export function lifCurrentStep(
  v: usize, ge: usize, gi: usize, ref: usize, spikes: usize, n: i32,
  vInf: f64, pM: f64, pE: f64, pI: f64, dE: f64, dI: f64, Vt: f64, Vr: f64, refTime: f64, dt: f64, halfDt: f64,
): i32 {
  let count = 0, i = 0;
  const vInf2 = f64x2.splat(vInf), pM2 = f64x2.splat(pM), pE2 = f64x2.splat(pE), pI2 = f64x2.splat(pI);
  const dE2 = f64x2.splat(dE), dI2 = f64x2.splat(dI), Vt2 = f64x2.splat(Vt), zero = f64x2.splat(0);
  for (; i + 2 <= n; i += 2) {
    const e = v128.load(at(ge, i)), g = v128.load(at(gi, i)), r = v128.load(at(ref, i));
    v128.store(at(ge, i), f64x2.mul(e, dE2));
    v128.store(at(gi, i), f64x2.mul(g, dI2));
    const vNext = f64x2.add(f64x2.add(f64x2.add(vInf2, f64x2.mul(f64x2.sub(v128.load(at(v, i)), vInf2), pM2)), f64x2.mul(e, pE2)), f64x2.mul(g, pI2));
    if (!v128.any_true(v128.or(f64x2.gt(r, zero), f64x2.gt(vNext, Vt2)))) {
      v128.store(at(v, i), vNext);
      continue;
    }
    count = finish(v, ref, spikes, count, i, f64x2.extract_lane(r, 0), f64x2.extract_lane(vNext, 0), Vt, Vr, refTime, dt, halfDt);
    count = finish(v, ref, spikes, count, i + 1, f64x2.extract_lane(r, 1), f64x2.extract_lane(vNext, 1), Vt, Vr, refTime, dt, halfDt);
  }
  for (; i < n; i++) {
    const e = load<f64>(at(ge, i)), g = load<f64>(at(gi, i));
    store<f64>(at(ge, i), e * dE);
    store<f64>(at(gi, i), g * dI);
    const vNext = vInf + (load<f64>(at(v, i)) - vInf) * pM + e * pE + g * pI;
    count = finish(v, ref, spikes, count, i, load<f64>(at(ref, i)), vNext, Vt, Vr, refTime, dt, halfDt);
  }
  return count;
}

/** membraneDecay of lif.ts: pM·exp(−y) by its Taylor series for small y ≥ 0, else exp(−G·dt/τm). */
@inline function membraneDecay(total: f64, dtOverTauM: f64, pM: f64): f64 {
  const y = (total - 1) * dtOverTauM;
  if (y < 1e-3 && y >= 0) return pM * (1 - y * (1 - y * (0.5 - y * (1.0 / 6 - y / 24))));
  return exp_(-total * dtOverTauM);
}

/** lif-cond's v after one exponential-Euler step with the mean conductances eMean, iMean (lif.ts). */
@inline function condNext(vi: f64, e: f64, g: f64, drive: f64, mE: f64, mI: f64, Ee: f64, Ei: f64, dtOverTauM: f64, pM: f64): f64 {
  const eMean = e * mE, iMean = g * mI;
  const total = 1 + eMean + iMean;
  const vInf = (drive + eMean * Ee + iMean * Ei) / total;
  return vInf + (vi - vInf) * membraneDecay(total, dtOverTauM, pM);
}

/** lifConductance's step (COBA and the Song 2000 neuron). */
export function lifConductanceStep(
  v: usize, ge: usize, gi: usize, ref: usize, spikes: usize, n: i32,
  drive: f64, mE: f64, mI: f64, Ee: f64, Ei: f64, dtOverTauM: f64, pM: f64, dE: f64, dI: f64, Vt: f64, Vr: f64, refTime: f64, dt: f64, halfDt: f64,
): i32 {
  let count = 0, i = 0;
  const one = f64x2.splat(1), zero = f64x2.splat(0), small = f64x2.splat(1e-3);
  const mE2 = f64x2.splat(mE), mI2 = f64x2.splat(mI), Ee2 = f64x2.splat(Ee), Ei2 = f64x2.splat(Ei), drive2 = f64x2.splat(drive);
  const k2 = f64x2.splat(dtOverTauM), pM2 = f64x2.splat(pM), dE2 = f64x2.splat(dE), dI2 = f64x2.splat(dI), Vt2 = f64x2.splat(Vt);
  const half = f64x2.splat(0.5), sixth = f64x2.splat(1.0 / 6), c24 = f64x2.splat(24);
  for (; i + 2 <= n; i += 2) {
    const e = v128.load(at(ge, i)), g = v128.load(at(gi, i)), r = v128.load(at(ref, i));
    v128.store(at(ge, i), f64x2.mul(e, dE2));
    v128.store(at(gi, i), f64x2.mul(g, dI2));
    const eMean = f64x2.mul(e, mE2), iMean = f64x2.mul(g, mI2);
    const total = f64x2.add(f64x2.add(one, eMean), iMean);
    const y = f64x2.mul(f64x2.sub(total, one), k2);
    // Both lanes on the Taylor branch of membraneDecay, neither refractory: all vector.
    const taylor = v128.and(f64x2.lt(y, small), f64x2.ge(y, zero));
    if (v128.all_true<i64>(taylor) && !v128.any_true(f64x2.gt(r, zero))) {
      const vInf = f64x2.div(f64x2.add(f64x2.add(drive2, f64x2.mul(eMean, Ee2)), f64x2.mul(iMean, Ei2)), total);
      const poly = f64x2.sub(one, f64x2.mul(y, f64x2.sub(one, f64x2.mul(y, f64x2.sub(half, f64x2.mul(y, f64x2.sub(sixth, f64x2.div(y, c24))))))));
      const vNext = f64x2.add(vInf, f64x2.mul(f64x2.sub(v128.load(at(v, i)), vInf), f64x2.mul(pM2, poly)));
      if (!v128.any_true(f64x2.gt(vNext, Vt2))) {
        v128.store(at(v, i), vNext);
        continue;
      }
    }
    for (let l = 0; l < 2; l++) {
      const j = i + l;
      const rj = load<f64>(at(ref, j));
      const vNext = rj > 0 ? 0 : condNext(load<f64>(at(v, j)), l == 0 ? f64x2.extract_lane(e, 0) : f64x2.extract_lane(e, 1), l == 0 ? f64x2.extract_lane(g, 0) : f64x2.extract_lane(g, 1), drive, mE, mI, Ee, Ei, dtOverTauM, pM);
      count = finish(v, ref, spikes, count, j, rj, vNext, Vt, Vr, refTime, dt, halfDt);
    }
  }
  for (; i < n; i++) {
    const e = load<f64>(at(ge, i)), g = load<f64>(at(gi, i));
    store<f64>(at(ge, i), e * dE);
    store<f64>(at(gi, i), g * dI);
    const r = load<f64>(at(ref, i));
    const vNext = r > 0 ? 0 : condNext(load<f64>(at(v, i)), e, g, drive, mE, mI, Ee, Ei, dtOverTauM, pM);
    count = finish(v, ref, spikes, count, i, r, vNext, Vt, Vr, refTime, dt, halfDt);
  }
  return count;
}

/** lifAdaptive's step: lif-cond's membrane with the decaying threshold θ and the minimum-interval timer. */
export function lifAdaptiveStep(
  v: usize, ge: usize, gi: usize, ref: usize, theta: usize, blocked: usize, spikes: usize, n: i32,
  drive: f64, mE: f64, mI: f64, Ee: f64, Ei: f64, dtOverTauM: f64, pM: f64, dE: f64, dI: f64, dTheta: f64,
  Vt: f64, Vr: f64, refTime: f64, dt: f64, halfDt: f64, thetaPlus: f64, minInterval: f64,
): i32 {
  let count = 0, i = 0;
  const one = f64x2.splat(1), zero = f64x2.splat(0), small = f64x2.splat(1e-3), two = f64x2.splat(2);
  const mE2 = f64x2.splat(mE), mI2 = f64x2.splat(mI), Ee2 = f64x2.splat(Ee), Ei2 = f64x2.splat(Ei), drive2 = f64x2.splat(drive);
  const k2 = f64x2.splat(dtOverTauM), pM2 = f64x2.splat(pM), dE2 = f64x2.splat(dE), dI2 = f64x2.splat(dI), dTheta2 = f64x2.splat(dTheta), Vt2 = f64x2.splat(Vt);
  const half = f64x2.splat(0.5), sixth = f64x2.splat(1.0 / 6), c24 = f64x2.splat(24);
  // exp_'s k = 0 branch holds for 2^-28 ≤ |x| ≤ the high word 0x3fd62e42 (|x| below about 0.3466).
  const expLow = f64x2.splat(reinterpret<f64>(<u64>0x3e300000 << 32)), expHigh = f64x2.splat(reinterpret<f64>(<u64>0x3fd62e43 << 32));
  const p1 = f64x2.splat(P1), p2 = f64x2.splat(P2), p3 = f64x2.splat(P3), p4 = f64x2.splat(P4), p5 = f64x2.splat(P5);
  for (; i + 2 <= n; i += 2) {
    // A pair neither refractory nor timing out its interval, whose membrane decay both lanes take from the
    // Taylor series or from exp's k = 0 branch, and neither spiking: all vector, nothing stored before that
    // is known. Otherwise both lanes go through adaptiveOne, lane 0 first, as the scalar loop would.
    const r = v128.load(at(ref, i)), b = v128.load(at(blocked, i));
    if (!v128.any_true(v128.or(f64x2.gt(r, zero), f64x2.gt(b, zero)))) {
      const e = v128.load(at(ge, i)), g = v128.load(at(gi, i)), th = f64x2.mul(v128.load(at(theta, i)), dTheta2);
      const eMean = f64x2.mul(e, mE2), iMean = f64x2.mul(g, mI2);
      const total = f64x2.add(f64x2.add(one, eMean), iMean);
      const y = f64x2.mul(f64x2.sub(total, one), k2);
      const taylor = v128.and(f64x2.lt(y, small), f64x2.ge(y, zero));
      const x = f64x2.mul(f64x2.neg(total), k2), ax = f64x2.abs(x);
      const expOk = v128.and(f64x2.ge(ax, expLow), f64x2.lt(ax, expHigh));
      if (v128.all_true<i64>(v128.or(taylor, expOk))) {
        const poly = f64x2.sub(one, f64x2.mul(y, f64x2.sub(one, f64x2.mul(y, f64x2.sub(half, f64x2.mul(y, f64x2.sub(sixth, f64x2.div(y, c24))))))));
        const t = f64x2.mul(x, x);
        const c = f64x2.sub(x, f64x2.mul(t, f64x2.add(p1, f64x2.mul(t, f64x2.add(p2, f64x2.mul(t, f64x2.add(p3, f64x2.mul(t, f64x2.add(p4, f64x2.mul(t, p5))))))))));
        const ex = f64x2.sub(one, f64x2.sub(f64x2.div(f64x2.mul(x, c), f64x2.sub(c, two)), x));
        const decay = v128.bitselect(f64x2.mul(pM2, poly), ex, taylor);
        const vInf = f64x2.div(f64x2.add(f64x2.add(drive2, f64x2.mul(eMean, Ee2)), f64x2.mul(iMean, Ei2)), total);
        const vNext = f64x2.add(vInf, f64x2.mul(f64x2.sub(v128.load(at(v, i)), vInf), decay));
        if (!v128.any_true(f64x2.gt(vNext, f64x2.add(Vt2, th)))) {
          v128.store(at(ge, i), f64x2.mul(e, dE2));
          v128.store(at(gi, i), f64x2.mul(g, dI2));
          v128.store(at(theta, i), th);
          v128.store(at(v, i), vNext);
          continue;
        }
      }
    }
    count = adaptiveOne(v, ge, gi, ref, theta, blocked, spikes, count, i, drive, mE, mI, Ee, Ei, dtOverTauM, pM, dE, dI, dTheta, Vt, Vr, refTime, dt, halfDt, thetaPlus, minInterval);
    count = adaptiveOne(v, ge, gi, ref, theta, blocked, spikes, count, i + 1, drive, mE, mI, Ee, Ei, dtOverTauM, pM, dE, dI, dTheta, Vt, Vr, refTime, dt, halfDt, thetaPlus, minInterval);
  }
  for (; i < n; i++) {
    count = adaptiveOne(v, ge, gi, ref, theta, blocked, spikes, count, i, drive, mE, mI, Ee, Ei, dtOverTauM, pM, dE, dI, dTheta, Vt, Vr, refTime, dt, halfDt, thetaPlus, minInterval);
  }
  return count;
}

/** One neuron of lifAdaptiveStep, the scalar loop of src/neurons/spiking/lif-adaptive.ts; returns the new spike count. */
@inline function adaptiveOne(
  v: usize, ge: usize, gi: usize, ref: usize, theta: usize, blocked: usize, spikes: usize, count: i32, i: i32,
  drive: f64, mE: f64, mI: f64, Ee: f64, Ei: f64, dtOverTauM: f64, pM: f64, dE: f64, dI: f64, dTheta: f64,
  Vt: f64, Vr: f64, refTime: f64, dt: f64, halfDt: f64, thetaPlus: f64, minInterval: f64,
): i32 {
  const e = load<f64>(at(ge, i)), g = load<f64>(at(gi, i));
  store<f64>(at(ge, i), e * dE);
  store<f64>(at(gi, i), g * dI);
  const th = load<f64>(at(theta, i)) * dTheta;
  store<f64>(at(theta, i), th);
  const b = load<f64>(at(blocked, i));
  if (b > 0) countDown(blocked, i, b, dt, halfDt);
  const r = load<f64>(at(ref, i));
  if (r > 0) {
    countDown(ref, i, r, dt, halfDt);
    store<f64>(at(v, i), Vr);
    return count;
  }
  const vNext = condNext(load<f64>(at(v, i)), e, g, drive, mE, mI, Ee, Ei, dtOverTauM, pM);
  if (vNext > Vt + th && !(b - dt > halfDt)) {
    spike(v, ref, spikes, count, i, Vr, refTime);
    store<f64>(at(theta, i), th + thetaPlus);
    store<f64>(at(blocked, i), minInterval);
    return count + 1;
  }
  store<f64>(at(v, i), vNext);
  return count;
}
