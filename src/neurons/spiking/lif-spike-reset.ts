/**
 * The spike / reset / refractory rule of the LIF models (lif, lif-cond, lif-adaptive; stated in full in the
 * header of lif.ts), written once. Each model's per-neuron loop reads
 *
 *   const r = refractory[i];
 *   if (r > 0) { holdRefractory(refractory, v, i, r, dt, halfDt, Vr); continue; }
 *   … integrate v to vNext …
 *   if (vNext > threshold) spike(v, refractory, spikes, count++, i, Vr, refTime); else v[i] = vNext;
 *
 * and lif-adaptive counts its minimum-interval timer down with the same `countDown`.
 *
 * Why these are small functions that only write, with the tests left in the loop: V8 inlines them into each
 * model's loop (they are monomorphic — always Float64Array, Int32Array and numbers — and a few bytecodes
 * long), and then the loop compiles to the same code as when the block was written out in every model.
 * Helpers that decide as well (returning "held" or the new spike count for the loop to branch on) were
 * measured at about 20% more instructions per neuron and step (valgrind instruction counts of the CUBA
 * neuron step, Node 20): the inlined function's return value becomes a merge that TurboFan does not fold
 * into the loop's branch. A shared loop calling a model's integration as a callback would be worse still: one
 * polymorphic call per neuron once two models run in one process (the Diehl & Cook network runs lif-adaptive
 * and lif-cond), which V8 does not inline.
 */

/**
 * One step of a countdown of time left (refractoriness; lif-adaptive's spike-interval timer) whose current
 * value `r` is > 0: r − dt, or 0 once no more than half a step would be left, so that the rounding of repeated
 * subtraction never leaves a sliver.
 */
export function countDown(left: Float64Array, i: number, r: number, dt: number, halfDt: number): void {
  const next = r - dt;
  left[i] = next > halfDt ? next : 0;
}

/**
 * A refractory step of neuron i (its refractory time left `r` is > 0): v is held at Vr (not integrated, no
 * spike; the synaptic variables keep decaying and receiving input) and the countdown advances.
 */
export function holdRefractory(refractory: Float64Array, v: Float64Array, i: number, r: number, dt: number, halfDt: number, Vr: number): void {
  countDown(refractory, i, r, dt, halfDt);
  v[i] = Vr;
}

/**
 * A spike of neuron i, whose integrated v ended the step above threshold: v ← Vr, refractory for `refTime` ms
 * after this step (lif.ts: heldTime), and its index goes to `spikes[slot]` (the caller passes count++).
 */
export function spike(v: Float64Array, refractory: Float64Array, spikes: Int32Array, slot: number, i: number, Vr: number, refTime: number): void {
  v[i] = Vr;
  refractory[i] = refTime;
  spikes[slot] = i;
}
