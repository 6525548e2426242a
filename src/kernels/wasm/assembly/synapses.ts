/*
 * Spike traffic of the clock simulator (src/sim/clock.ts: propagate, deliver), the per-synapse STDP updates
 * (src/learning/stdp-kernels.ts) and the Poisson sources' spike test (src/sim/sources.ts). Every weight is
 * added, and every update made, in the order of the JavaScript loop it stands for, so the sums are the
 * same bits. CSR arrays (rowStart, postIndex, …) are i32, spike lists i32, everything else f64.
 */

@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/**
 * For each of `count` spiking presynaptic neurons, in list order: target[postIndex[k]] += weight[k] over its
 * CSR row. `target` is the postsynaptic variable itself (delay 0) or a delay-buffer slot (a uniform delay).
 */
export function propagate(spikes: usize, count: i32, rowStart: usize, postIndex: usize, weight: usize, target: usize): void {
  for (let s = 0; s < count; s++) {
    const i = i32at(spikes, s);
    const end = i32at(rowStart, i + 1);
    for (let k = i32at(rowStart, i); k < end; k++) {
      const t = f(target, i32at(postIndex, k));
      store<f64>(t, load<f64>(t) + load<f64>(f(weight, k)));
    }
  }
}

/**
 * propagate with a delay per synapse: synapse k goes into slot (now + delaySteps[k]) mod slots of the ring
 * buffer `data` (slots × n), whose slot is marked in `dirty` (one byte per slot). `now` is the step mod slots.
 */
export function propagateDelayed(spikes: usize, count: i32, rowStart: usize, postIndex: usize, weight: usize, delaySteps: usize, data: usize, dirty: usize, now: i32, slots: i32, n: i32): void {
  for (let s = 0; s < count; s++) {
    const i = i32at(spikes, s);
    const end = i32at(rowStart, i + 1);
    for (let k = i32at(rowStart, i); k < end; k++) {
      const slot = (now + i32at(delaySteps, k)) % slots;
      store<u8>(dirty + <usize>slot, 1);
      const t = f(data, slot * n + i32at(postIndex, k));
      store<f64>(t, load<f64>(t) + load<f64>(f(weight, k)));
    }
  }
}

/** target[j] += slot[j], then slot[j] = 0, for j < n: one delay-buffer slot delivered and cleared. */
export function deliver(target: usize, slot: usize, n: i32): void {
  const zero = f64x2.splat(0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    v128.store(f(target, j), f64x2.add(v128.load(f(target, j)), v128.load(f(slot, j))));
    v128.store(f(slot, j), zero);
  }
  for (; j < n; j++) {
    store<f64>(f(target, j), load<f64>(f(target, j)) + load<f64>(f(slot, j)));
    store<f64>(f(slot, j), 0);
  }
}

/**
 * Pair STDP, a presynaptic spike (rules/stdp.ts onPreSpike): for k = from … to − 1, with y_j = y[postOf[k]]·yf,
 * w_k ← max(wMin, w_k − A−·y_j) (additive) or w_k − A−·(w_k − wMin)·y_j (soft), skipping y_j = 0.
 */
export function stdpPre(w: usize, postOf: usize, y: usize, yf: f64, from: i32, to: i32, aMinus: f64, wMin: f64, soft: bool): void {
  for (let k = from; k < to; k++) {
    const yj = load<f64>(f(y, i32at(postOf, k))) * yf;
    if (yj == 0) continue;
    const wk0 = load<f64>(f(w, k));
    const wk = soft ? wk0 - aMinus * (wk0 - wMin) * yj : wk0 - aMinus * yj;
    store<f64>(f(w, k), wk < wMin ? wMin : wk);
  }
}

/**
 * Pair STDP, a postsynaptic spike (onPostSpike): for q = from … to − 1, synapse k = synapse[q] from neuron
 * preOf[q], x_i = x[preOf[q]]·xf: w_k ← min(wMax, w_k + A+·x_i) (additive) or w_k + A+·(wMax − w_k)·x_i.
 */
export function stdpPost(w: usize, synapse: usize, preOf: usize, x: usize, xf: f64, from: i32, to: i32, aPlus: f64, wMax: f64, soft: bool): void {
  for (let q = from; q < to; q++) {
    const xi = load<f64>(f(x, i32at(preOf, q))) * xf;
    if (xi == 0) continue;
    const k = i32at(synapse, q);
    const wk0 = load<f64>(f(w, k));
    const wk = soft ? wk0 + aPlus * (wMax - wk0) * xi : wk0 + aPlus * xi;
    store<f64>(f(w, k), wk > wMax ? wMax : wk);
  }
}

/**
 * The Poisson sources' test (src/sim/sources.ts PoissonSource.step): the indices i < n with next[i] < end,
 * in increasing order, into `spikes`; returns how many.
 *
 * Why blocks: at Song 2000's 15 Hz and dt 0.1 ms, one or two of 1000 neurons fire in a step, so a sweep of
 * every next[i] is almost all misses. `lower[b]` is a lower bound of next[] over block b (BLOCK neurons): a
 * block whose bound is not below `end` cannot hold a spike and is skipped; a block that is swept gets the
 * minimum of its values as its new bound. Values only ever grow between calls (a spike's next time is
 * drawn past `end` by the caller), so the bound stays a lower bound; a block that fired keeps its old,
 * lower minimum and is swept once more next step, which refreshes it. Whoever sets next[] otherwise (new
 * rates) sets every bound to −∞. The indices, and their order, are those of the plain sweep.
 */
// 8 neurons per block (measured against 4, 16 and 32 on Song 2000's 1000 inputs): PoissonSource sizes its bounds array with the same number.
const POISSON_BLOCK = 8;

export function poissonDue(next: usize, lower: usize, n: i32, end: f64, spikes: usize): i32 {
  let count = 0;
  const blocks = (n + POISSON_BLOCK - 1) / POISSON_BLOCK;
  for (let b = 0; b < blocks; b++) {
    if (!(load<f64>(f(lower, b)) < end)) continue;
    const lo = b * POISSON_BLOCK, hi = min(n, lo + POISSON_BLOCK);
    let m = Infinity;
    for (let i = lo; i < hi; i++) {
      const x = load<f64>(f(next, i));
      if (x < m) m = x;
      if (x < end) count = put(spikes, count, i);
    }
    store<f64>(f(lower, b), m);
  }
  return count;
}

/** spikes[count] = i; returns count + 1. */
@inline function put(spikes: usize, count: i32, i: i32): i32 {
  store<i32>(spikes + (<usize>count << 2), i);
  return count + 1;
}

/**
 * normaliseByPost of src/learning/normalise-by-post.ts: every postsynaptic neuron's incoming weights rescaled
 * to sum to `target` (sums[] is scratch, nPost long). The same loops, in the same order.
 */
export function normaliseByPost(weight: usize, postIndex: usize, count: i32, sums: usize, nPost: i32, target: f64): void {
  memory.fill(sums, 0, <usize>nPost << 3);
  for (let k = 0; k < count; k++) {
    const s = f(sums, load<i32>(postIndex + (<usize>k << 2)));
    store<f64>(s, load<f64>(s) + load<f64>(f(weight, k)));
  }
  for (let j = 0; j < nPost; j++) {
    const s = load<f64>(f(sums, j));
    store<f64>(f(sums, j), s > 0 ? target / s : 0);
  }
  for (let k = 0; k < count; k++) {
    const w = f(weight, k);
    store<f64>(w, load<f64>(w) * load<f64>(f(sums, load<i32>(postIndex + (<usize>k << 2)))));
  }
}
