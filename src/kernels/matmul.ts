import { wasm } from './backend.js';
import { Matrix, assertShape } from './matrix.js';

/*
 * Dense matrix products written into preallocated outputs. `accumulate` adds into C instead of
 * overwriting it (C += ...). Exact zeros in the left operand are skipped, which is nearly free for dense
 * data and makes sparse inputs (MNIST pixels, ReLU activity) much cheaper. C must not share memory
 * with A or B.
 *
 * All three products run through one driver, `product`, which computes
 *     C[i, j0 + j] += Σ_p L(i, p) · R(p, j)
 * for a left operand L read with arbitrary strides (A for matmul / matmulTransB, Aᵀ for matmulTransA)
 * and a block R of the right operand (B, or Bᵀ for matmulTransB) first copied into a scratch buffer,
 * except when there is little work (see rowTimesB), where B is read in place.
 * Why it is fast in V8 (Float64Array, one thread, no SIMD); numbers are from a 2-core EPYC, Node 20:
 *
 * - Register tiling. A 4×4 block of C (1×8 on the row path) is summed in local variables while the
 *   inner dimension streams past, so each loaded value is reused 4 (or 8) times and C is touched once
 *   per block instead of once per multiply-add (a plain i-k-j loop loads and stores C on every step).
 *   x64 has 16 float registers: 4×4 needs 16 sums + 5 operands, 4×8 twice the sums, spilled far more
 *   and measured ~15% slower.
 * - Gathering instead of branching. Before a block of rows is multiplied, its L values for the current
 *   k-chunk are copied into a small scratch (`aPack`), keeping only the positions p that are non-zero,
 *   together with the offset of R's row p (`bOff`). The tile kernels then loop over that list with no
 *   tests at all: zeros cost nothing, the scan happens once per row block rather than once per tile,
 *   and L is read contiguously. The gathers themselves are branch-free (see gatherBlock).
 * - Block or rows. A 4-row block can only skip positions where all 4 rows are zero, which with
 *   independent 50-80% zeros (ReLU, MNIST) is rare, while the 1×8 row kernel is about as fast per
 *   multiply-add as the 4×4 one. So 4×4 tiles are used only when at every position the block's 4
 *   values are all zero or all non-zero (dense data, or zeros shared by the block such as MNIST's
 *   empty border pixels); otherwise each row gathers and multiplies just its own non-zeros. (The 4×4
 *   tiles still pay off for dense data with narrow outputs, e.g. n = 10.)
 * - Packing the right operand. R is processed in KC×NC blocks copied into `bPack`, a module-level
 *   array, as 8-column panels whose rows are contiguous. Then (1) a tile reads R sequentially, one cache
 *   line per p, whatever B's row stride (a stride of 2 KiB, n = 256, maps all rows to two L1 sets);
 *   (2) the block stays in L2 while all row blocks sweep over it (sums over successive k-chunks are
 *   added into C); (3) matmulTransB gets Bᵀ in the same layout and shares the kernels; (4) the kernels
 *   read a module constant rather than a parameter, so V8 drops per-iteration type checks (~5%).
 *   The copy costs k·n against m·k·n multiply-adds.
 * - Keeping V8's optimizer happy. Every long loop lives in a small function called many times per
 *   product (per row block, per panel, per tile), and hot functions have no branch that only some calls
 *   take (C is zeroed up front instead of a "first chunk" flag). Otherwise V8 optimizes a function
 *   before it has seen all of it, deoptimizes it later, and we saw whole runs stay ~35% slower.
 *
 * Each element of C gets Σ_p over a k-chunk (p ascending) added to it, chunk after chunk: the same
 * terms as the straightforward triple loop, grouped slightly differently (differences of a few ulps).
 * Column remainders (n not a multiple of 4 or 8) use 4×1 / 1×1 kernels; row remainders the row path.
 * Scratch is shared module state, so the functions are not re-entrant (JS callers cannot interleave
 * them; each worker thread has its own module instance).
 * The module-level scratch buffers are allocated once; the kernels allocate nothing.
 *
 * When the three matrices live in the WebAssembly heap, the product runs in the SIMD twin of this file
 * (src/kernels/wasm/assembly/matmul.ts), the same algorithm with two columns per instruction; every element
 * is the same sequence of operations, so both give the same bits. This file stays the readable reference.
 */

/** Inner-dimension chunk: the packed part of the right operand is KC rows. */
const KC = 256;
/** Column chunk of the right operand packed at a time (KC·NC doubles = 512 KiB, stays in L2). */
const NC = 256;
/**
 * When the left operand has fewer non-zeros than this many full rows, B is read in place instead of
 * being packed: copying all of B would cost a large share of so little work (see rowTimesB).
 */
const IN_PLACE_ROWS = 8;
/** Doubles per 8-column panel of bPack. */
const PANEL = 8 * KC;

/** Gathered left-operand values: 4 per kept p for a row block, 1 per non-zero for a single row. */
const aPack = new Float64Array(4 * KC);
/**
 * For each gathered entry, where the matching row of the right operand starts: (p - p0)*8 within a
 * panel of bPack, or the offset in B itself on the in-place path.
 */
const bOff = new Int32Array(KC);
/** The current KC×NC block of the right operand, as NC/8 panels of KC×8 (see panelCol). */
const bPack = new Float64Array(KC * NC);

/** C = A·B (+ C when accumulate). A: m×k, B: k×n, C: m×n. */
export function matmul(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.cols !== B.rows) throw new RangeError(`matmul: inner dimensions differ, A is ${A.shape()} and B is ${B.shape()}`);
  assertShape('matmul', 'C', C, A.rows, B.cols);
  const m = A.rows, k = A.cols, n = B.cols;
  const w = wasm();
  if (w && w.heap.holds(A.data, B.data, C.data)) {
    w.kernels.matmul(A.data.byteOffset, B.data.byteOffset, C.data.byteOffset, m, k, n, accumulate);
    return C;
  }
  if (!accumulate) C.data.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return C;
  if (fewNonZeros(A.data, m * k, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < m; i++) rowTimesB(A.data, i * k, 1, k, B.data, n, C.data, i * n);
    return C;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const w = Math.min(NC, n - j0);
      packRows(B.data, n, p0, p1, j0, w);
      // L(i, p) = A[i, p] at i*k + p.
      product(A.data, k, 1, m, p0, p1, C.data, j0, n, w);
    }
  }
  return C;
}

/** C = A·Bᵀ (+ C). A: m×k, B: n×k, C: m×n. */
export function matmulTransB(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.cols !== B.cols) throw new RangeError(`matmulTransB: A is ${A.shape()} and B is ${B.shape()}; A·Bᵀ needs equal column counts`);
  assertShape('matmulTransB', 'C', C, A.rows, B.rows);
  const m = A.rows, k = A.cols, n = B.rows;
  const w = wasm();
  if (w && w.heap.holds(A.data, B.data, C.data)) {
    w.kernels.matmulTransB(A.data.byteOffset, B.data.byteOffset, C.data.byteOffset, m, k, n, accumulate);
    return C;
  }
  if (!accumulate) C.data.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return C;
  if (fewNonZeros(A.data, m * k, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < m; i++) rowTimesBt(A.data, i * k, k, B.data, n, C.data, i * n);
    return C;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const w = Math.min(NC, n - j0);
      // R(p, jj) = B[j0 + jj, p]: each row of B becomes one column of the packed block.
      for (let jj = 0; jj < w; jj++) packColumn(B.data, (j0 + jj) * k + p0, p1 - p0, panelCol(jj));
      product(A.data, k, 1, m, p0, p1, C.data, j0, n, w);
    }
  }
  return C;
}

/** C = Aᵀ·B (+ C). A: k×m, B: k×n, C: m×n. */
export function matmulTransA(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.rows !== B.rows) throw new RangeError(`matmulTransA: A is ${A.shape()} and B is ${B.shape()}; Aᵀ·B needs equal row counts`);
  assertShape('matmulTransA', 'C', C, A.cols, B.cols);
  const k = A.rows, m = A.cols, n = B.cols;
  const w = wasm();
  if (w && w.heap.holds(A.data, B.data, C.data)) {
    w.kernels.matmulTransA(A.data.byteOffset, B.data.byteOffset, C.data.byteOffset, k, m, n, accumulate);
    return C;
  }
  if (!accumulate) C.data.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return C;
  if (fewNonZeros(A.data, m * k, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < m; i++) rowTimesB(A.data, i, m, k, B.data, n, C.data, i * n);
    return C;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const w = Math.min(NC, n - j0);
      packRows(B.data, n, p0, p1, j0, w);
      // L(i, p) = A[p, i] at p*m + i, so the 4 values of a row block are adjacent in memory.
      product(A.data, 1, m, m, p0, p1, C.data, j0, n, w);
    }
  }
  return C;
}

/*
 * Products with little work (few rows, e.g. one example at a time, or a very sparse left operand):
 * copying B into bPack would cost a large share of the product, so these read B in place. Each row
 * still gathers its non-zeros first. Measured at k = 784, n = 256: 1 row, dense: 2.5 GFLOP/s in place
 * vs 0.8 packed; 16 rows, 80% zeros: 14 vs 9 (effective); but 32 rows, 50% zeros: 3.7 vs 4.7.
 */

/** Whether a[0 .. len) has fewer than `limit` non-zeros (stops counting once it has seen enough). */
function fewNonZeros(a: Float64Array, len: number, limit: number): boolean {
  let count = 0;
  for (let i = 0; i < len; i++) {
    count += Number(a[i] !== 0);
    if (count >= limit) return false;
  }
  return true;
}

/** Row cOff of C += L·B for L(p) = a[base + p*aP], p < k, and B row-major k×n. */
function rowTimesB(a: Float64Array, base: number, aP: number, k: number, b: Float64Array, n: number, c: Float64Array, cOff: number): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    const act = gatherRow(a, base, aP, p0, p1, n, 0); // bOff[q] = p*n: row p of B
    if (act === 0) continue;
    let j = 0;
    for (; j + 8 <= n; j += 8) tile1x8(act, b, j, c, cOff + j);
    for (; j < n; j++) tile1x1(act, b, j, c, cOff + j);
  }
}

/** Row cOff of C += L·Bᵀ for L(p) = a[base + p], p < k, and B row-major n×k. */
function rowTimesBt(a: Float64Array, base: number, k: number, b: Float64Array, n: number, c: Float64Array, cOff: number): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    const act = gatherRow(a, base, 1, p0, p1, 1, 0); // bOff[q] = p: column p within a row of B
    if (act === 0) continue;
    let j = 0;
    for (; j + 4 <= n; j += 4) dot4InPlace(act, b, j * k, k, c, cOff + j);
    for (; j < n; j++) tile1x1(act, b, j * k, c, cOff + j);
  }
}

/** C[cOff + jj] += Σ_q aPack[q] · b[bOff[q] + bCol + jj], jj < 8 (b is the packed panel, or B itself for little work). */
function tile1x8(act: number, b: Float64Array, bCol: number, c: Float64Array, cOff: number): void {
  const ap = aPack, bo = bOff;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
  for (let q = 0; q < act; q++) {
    const av = ap[q], o = bo[q] + bCol;
    c0 += av * b[o]; c1 += av * b[o + 1]; c2 += av * b[o + 2]; c3 += av * b[o + 3];
    c4 += av * b[o + 4]; c5 += av * b[o + 5]; c6 += av * b[o + 6]; c7 += av * b[o + 7];
  }
  c[cOff] += c0; c[cOff + 1] += c1; c[cOff + 2] += c2; c[cOff + 3] += c3;
  c[cOff + 4] += c4; c[cOff + 5] += c5; c[cOff + 6] += c6; c[cOff + 7] += c7;
}

/** C[cOff] += Σ_q aPack[q] · b[bOff[q] + bCol]. */
function tile1x1(act: number, b: Float64Array, bCol: number, c: Float64Array, cOff: number): void {
  const ap = aPack, bo = bOff;
  let s = 0;
  for (let q = 0; q < act; q++) s += ap[q] * b[bo[q] + bCol];
  c[cOff] += s;
}

/** C[cOff + r] += Σ_q aPack[q] · b[row0 + r*k + bOff[q]], r < 4: four dot products sharing the a's. */
function dot4InPlace(act: number, b: Float64Array, row0: number, k: number, c: Float64Array, cOff: number): void {
  const ap = aPack, bo = bOff;
  const r1 = row0 + k, r2 = r1 + k, r3 = r2 + k;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let q = 0; q < act; q++) {
    const av = ap[q], p = bo[q];
    c0 += av * b[row0 + p]; c1 += av * b[r1 + p]; c2 += av * b[r2 + p]; c3 += av * b[r3 + p];
  }
  c[cOff] += c0; c[cOff + 1] += c1; c[cOff + 2] += c2; c[cOff + 3] += c3;
}

/**
 * Where column j of the packed block starts: bPack is a row of 8-column panels, each panel holding
 * its KC rows contiguously (8 doubles per row), so R(p, j) is at panelCol(j) + (p - p0)*8.
 */
function panelCol(j: number): number {
  return (j >> 3) * PANEL + (j & 7);
}

/** Packs R(p, jj) = b[p*n + j0 + jj] (a block of a row-major k×n matrix) for p0 ≤ p < p1, jj < w. */
function packRows(b: Float64Array, n: number, p0: number, p1: number, j0: number, w: number): void {
  for (let j = 0; j < w; j += 8) packPanel(b, n, p0, p1, j0 + j, Math.min(8, w - j), panelCol(j));
}

/** Copies columns col0 .. col0+width-1 (width ≤ 8) of rows p0 .. p1-1 into the panel at bPack[dst]. */
function packPanel(b: Float64Array, n: number, p0: number, p1: number, col0: number, width: number, dst: number): void {
  const bp = bPack;
  for (let p = p0; p < p1; p++, dst += 8) {
    const src = p * n + col0;
    for (let t = 0; t < width; t++) bp[dst + t] = b[src + t];
  }
}

/** Copies `count` consecutive values b[src ..] down one column of a panel (stride 8) from bPack[dst]. */
function packColumn(b: Float64Array, src: number, count: number, dst: number): void {
  const bp = bPack;
  for (let q = 0; q < count; q++, dst += 8) bp[dst] = b[src + q];
}

/**
 * C[i*cStride + cCol0 + j] += Σ_{p0 ≤ p < p1} L(i, p) · R(p, j) for i < m, j < w, with R packed in
 * bPack and L(i, p) = a[i*aRow + p*aP].
 */
function product(
  a: Float64Array, aRow: number, aP: number, m: number, p0: number, p1: number,
  c: Float64Array, cCol0: number, cStride: number, w: number,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const base = i * aRow, cRow = i * cStride + cCol0;
    const act = gatherBlock(a, base, aRow, aP, p0, p1);
    if (act >= 0) {
      blockTiles(act, c, cRow, cStride, w);
    } else {
      for (let r = 0; r < 4; r++) rowTiles(a, base + r * aRow, aP, p0, p1, c, cRow + r * cStride, w);
    }
  }
  for (; i < m; i++) rowTiles(a, i * aRow, aP, p0, p1, c, i * cStride + cCol0, w);
}

/**
 * Gathers rows base, base+aRow, base+2aRow, base+3aRow of L over p0 ≤ p < p1 into aPack/bOff, keeping
 * the positions where all 4 values are non-zero. Returns how many were kept, or -1 if some position
 * has both zeros and non-zeros: that block is done row by row instead.
 */
function gatherBlock(a: Float64Array, base: number, aRow: number, aP: number, p0: number, p1: number): number {
  const ap = aPack, bo = bOff;
  const aRow2 = 2 * aRow, aRow3 = 3 * aRow;
  let act = 0;
  for (let p = p0, o = base + p0 * aP; p < p1; p++, o += aP) {
    const a0 = a[o], a1 = a[o + aRow], a2 = a[o + aRow2], a3 = a[o + aRow3];
    // Number(x !== 0) compiles to a flag move, a `? 1 : 0` to a (for random zeros, mispredicted) branch.
    const nz = Number(a0 !== 0) + Number(a1 !== 0) + Number(a2 !== 0) + Number(a3 !== 0);
    if ((nz & 3) !== 0) return -1; // 1 to 3 non-zeros
    // Branch-free: always write the slot, keep it (act += 1) only when all 4 are non-zero. Every
    // operation then runs on every call, so V8 never optimizes this function with parts it has
    // not yet seen (which would cost a deoptimization later).
    const x = 4 * act;
    ap[x] = a0; ap[x + 1] = a1; ap[x + 2] = a2; ap[x + 3] = a3;
    bo[act] = (p - p0) * 8;
    act += nz >> 2;
  }
  return act;
}

/** The 4 rows of C at cRow from the gathered block: 4×4 tiles, then 4×1 for the last < 4 columns. */
function blockTiles(act: number, c: Float64Array, cRow: number, cs: number, w: number): void {
  if (act === 0) return; // nothing to add
  let j = 0;
  for (; j + 4 <= w; j += 4) tile4x4(act, panelCol(j), c, cRow + j, cs);
  for (; j < w; j++) tile4x1(act, panelCol(j), c, cRow + j, cs);
}

/** One row of C: gather the row's non-zeros, then 1×8 tiles (and 1×1 for the last < 8 columns). */
function rowTiles(
  a: Float64Array, base: number, aP: number, p0: number, p1: number,
  c: Float64Array, cRow: number, w: number,
): void {
  const act = gatherRow(a, base, aP, p0, p1, 8, -8 * p0); // bOff[q] = (p - p0)*8: row within a panel
  if (act === 0) return;
  let j = 0;
  for (; j + 8 <= w; j += 8) tile1x8(act, bPack, panelCol(j), c, cRow + j);
  for (; j < w; j++) tile1x1(act, bPack, panelCol(j), c, cRow + j);
}

/**
 * Gathers the non-zero L(p) = a[base + p*aP], p0 ≤ p < p1, into aPack, with bOff = p*bStride + bShift
 * (where the matching row of the right operand starts). Returns how many there are.
 */
function gatherRow(a: Float64Array, base: number, aP: number, p0: number, p1: number, bStride: number, bShift: number): number {
  const ap = aPack, bo = bOff;
  let act = 0;
  for (let p = p0, o = base + p0 * aP; p < p1; p++, o += aP) {
    // Branch-free like gatherBlock: with 50-80% random zeros a branch would mispredict constantly.
    const v = a[o];
    ap[act] = v;
    bo[act] = p * bStride + bShift;
    act += Number(v !== 0);
  }
  return act;
}

/*
 * Tile kernels. Each adds to a block of C the products of the `act` gathered entries:
 *   C[r, jj] += Σ_q aPack[h*q + r] · bPack[bOff[q] + bCol + jj]     (h = rows in the block)
 * The block's sums for this k-chunk are formed in local variables (which V8 keeps in registers) and
 * added to C at the end; starting them at 0 rather than loading C measured ~7% faster.
 */

function tile4x4(act: number, bCol: number, c: Float64Array, cOff: number, cs: number): void {
  const ap = aPack, bo = bOff, b = bPack;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let q = 0, x = 0; q < act; q++, x += 4) {
    const a0 = ap[x], a1 = ap[x + 1], a2 = ap[x + 2], a3 = ap[x + 3];
    const ob = bo[q] + bCol;
    // One B value at a time, used for all 4 rows: keeps only 4 + 1 + 16 values live.
    let bv = b[ob];
    c00 += a0 * bv; c10 += a1 * bv; c20 += a2 * bv; c30 += a3 * bv;
    bv = b[ob + 1];
    c01 += a0 * bv; c11 += a1 * bv; c21 += a2 * bv; c31 += a3 * bv;
    bv = b[ob + 2];
    c02 += a0 * bv; c12 += a1 * bv; c22 += a2 * bv; c32 += a3 * bv;
    bv = b[ob + 3];
    c03 += a0 * bv; c13 += a1 * bv; c23 += a2 * bv; c33 += a3 * bv;
  }
  let o = cOff;
  c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03;
  o += cs;
  c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13;
  o += cs;
  c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23;
  o += cs;
  c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
}

/** One column of a 4-row block (for the last n mod 4 columns). */
function tile4x1(act: number, bCol: number, c: Float64Array, cOff: number, cs: number): void {
  const ap = aPack, bo = bOff, b = bPack;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let q = 0, x = 0; q < act; q++, x += 4) {
    const bv = b[bo[q] + bCol];
    c0 += ap[x] * bv; c1 += ap[x + 1] * bv; c2 += ap[x + 2] * bv; c3 += ap[x + 3] * bv;
  }
  c[cOff] += c0; c[cOff + cs] += c1; c[cOff + 2 * cs] += c2; c[cOff + 3 * cs] += c3;
}


