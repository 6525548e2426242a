import { addRowVector, sumRows } from '../kernels/elementwise.js';
import { Matrix } from '../kernels/matrix.js';
import { allocI32 } from '../kernels/backend.js';
import { matmul, matmulTransA, matmulTransB } from '../kernels/matmul.js';
import { ConvScratch, convForward, convInputGradient, convWeightGradient } from '../kernels/conv.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward } from '../kernels/pool.js';
import type { Projection } from './projection.js';

/*
 * The three things every error-driven rule asks of a projection, for each kind (projection.ts):
 *   forward:   the drive it adds to its postsynaptic population, a (+)= P(h_pre);
 *   backward:  the signal it returns to its presynaptic population through a kernel M shaped like its
 *              weights — W itself for backprop, a rule's feedback kernel otherwise; pooling routes the error
 *              exactly as backprop does whatever the rule (there are no weights to replace);
 *   gradient:  the local weight and bias update from presynaptic activity and postsynaptic teaching signal.
 * Dense projections make exactly the calls the rules made before these kinds existed, so their bits are
 * unchanged. Conv and pool projections keep their scratch here (patch buffers; max pooling's choices per
 * batch size, written by the forward pass and read by the backward pass of the same batch).
 */

interface Scratch {
  conv?: ConvScratch;
  /** Max pooling: for each batch size, which input each output took. */
  argmax?: Map<number, Int32Array>;
  /** With accumulate: the projection's own forward output / backward signal before it is added. */
  own?: Map<number, Matrix>;
  ownBack?: Map<number, Matrix>;
}
const scratchOf = new WeakMap<Projection, Scratch>();

function scratch(proj: Projection): Scratch {
  let s = scratchOf.get(proj);
  if (!s) {
    s = {};
    if (proj.kind.kind === 'conv2d') s.conv = new ConvScratch(proj.kind.geometry);
    scratchOf.set(proj, s);
  }
  return s;
}

function perBatch<T>(map: Map<number, T>, rows: number, make: () => T): T {
  let v = map.get(rows);
  if (!v) map.set(rows, (v = make()));
  return v;
}

/** a (+)= the projection's drive from h_pre (accumulate adds it to what a holds). */
export function projectForward(proj: Projection, hPre: Matrix, a: Matrix, accumulate: boolean): void {
  const kind = proj.kind;
  if (kind.kind === 'dense') {
    matmul(hPre, proj.weights, a, accumulate);
    if (proj.bias) addRowVector(a, proj.bias);
    return;
  }
  const s = scratch(proj);
  const into = accumulate ? perBatch((s.own ??= new Map()), a.rows, () => new Matrix(a.rows, a.cols)) : a;
  if (kind.kind === 'conv2d') convForward(hPre, proj.weights, proj.bias, into, s.conv!);
  else if (kind.op === 'max') maxPoolForward(hPre, kind.geometry, into, perBatch((s.argmax ??= new Map()), a.rows, () => allocI32(a.rows * a.cols)));
  else avgPoolForward(hPre, kind.geometry, into);
  if (accumulate) for (let i = 0, n = a.rows * a.cols, d = a.data, o = into.data; i < n; i++) d[i] += o[i];
}

/** gradPre (+)= what the projection returns from δ_post through kernel M (ignored by pooling). */
export function projectBackward(proj: Projection, deltaPost: Matrix, M: Matrix, gradPre: Matrix, accumulate: boolean): void {
  const kind = proj.kind;
  if (kind.kind === 'dense') {
    matmulTransB(deltaPost, M, gradPre, accumulate);
    return;
  }
  const s = scratch(proj);
  const into = accumulate ? perBatch((s.ownBack ??= new Map()), gradPre.rows, () => new Matrix(gradPre.rows, gradPre.cols)) : gradPre;
  if (kind.kind === 'conv2d') convInputGradient(deltaPost, M, into, s.conv!);
  else if (kind.op === 'max') {
    const argmax = s.argmax?.get(deltaPost.rows);
    if (!argmax) throw new Error(`projection "${proj.name}": max pooling's backward pass needs the forward pass of the same batch first`);
    maxPoolBackward(deltaPost, kind.geometry, argmax, into);
  } else avgPoolBackward(deltaPost, kind.geometry, into);
  if (accumulate) for (let i = 0, n = gradPre.rows * gradPre.cols, d = gradPre.data, o = into.data; i < n; i++) d[i] += o[i];
}

/** The local update: gW ← Σ_b h_pre ⊗ δ_post (as the projection connects them), gB ← Σ δ_post; nothing for pooling. */
export function projectGradient(proj: Projection, hPre: Matrix, deltaPost: Matrix, gWeights: Matrix, gBias: Float64Array | null): void {
  const kind = proj.kind;
  if (kind.kind === 'dense') {
    matmulTransA(hPre, deltaPost, gWeights);
    if (gBias) sumRows(deltaPost, gBias);
    return;
  }
  if (kind.kind === 'pool') return;
  gWeights.data.fill(0, 0, gWeights.rows * gWeights.cols);
  gBias?.fill(0);
  convWeightGradient(hPre, deltaPost, gWeights, gBias, scratch(proj).conv!);
}
