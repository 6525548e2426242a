/*
 * Dense products in WebAssembly SIMD, the twins of src/kernels/matmul.ts: the same blocking (k-chunks of KC,
 * the right operand packed into 8-column panels, 4-row blocks when their zeros are shared, rows that gather
 * their own non-zeros otherwise), with columns computed two at a time in f64x2 lanes. Every element of C is
 * the same sequence of scalar operations as in the JavaScript kernel — per k-chunk, a sum from 0 over the
 * non-zero terms in order of p, then added to C — so the results are the same bits (tests compare them).
 *
 * Two differences in how the work is ordered, neither of which changes any element's sequence: when B is
 * row-major (matmul, matmulTransA), a row that gathers its own non-zeros reads B in place, a few terms per pass
 * over a whole row of sums (rowAxpy), instead of 1×8 tiles over the packed panels; and B is packed only when a
 * 4-row block needs it. With MNIST pixels as the left operand no block qualifies, so B is never copied, and
 * the first layer's products ran 1.3–1.45× faster (64×784×256 at 20% non-zeros: 715 → 490 µs forward,
 * 685 → 550 µs for the weight gradient).
 *
 * Pointers are byte offsets into the linear memory the JavaScript heap owns (src/kernels/heap.ts);
 * the scratch (aPack, bOff, bPack, rowSum) is a region the heap reserves for this module (setScratch).
 */

const KC: i32 = 256;
const NC: i32 = 256;
const IN_PLACE_ROWS: i32 = 8;
const PANEL: i32 = 8 * KC;

/** Gathered left-operand values (4 per kept p for a row block, 1 per non-zero for a row). */
let aPack: usize = 0;
/** For each gathered entry, where the matching row of the right operand starts (in doubles). */
let bOff: usize = 0;
/** The current KC×NC block of the right operand as NC/8 panels of KC×8. */
let bPack: usize = 0;
/** One row's sums over a k-chunk on the row path (NC doubles), added to C when the chunk is done. */
let rowSum: usize = 0;

/** Bytes of scratch this module needs (the heap reserves them and calls setScratch). */
export function scratchBytes(): i32 {
  return 4 * KC * 8 + KC * 4 + 16 + KC * NC * 8 + NC * 8;
}

export function setScratch(base: usize): void {
  aPack = base;
  bOff = base + 4 * KC * 8;
  bPack = (bOff + KC * 4 + 15) & ~15;
  rowSum = bPack + KC * NC * 8;
}

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function setf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function off(i: i32): i32 {
  return load<i32>(bOff + (<usize>i << 2));
}
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** C = A·B (+ C when accumulate). A: m×k, B: k×n, C: m×n. */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 8);
  if (m == 0 || n == 0 || k == 0) return;
  if (fewNonZeros(a, m * k, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < m; i++) rowTimesB(a, i * k, 1, k, b, n, c, i * n);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) productRowMajorB(a, k, 1, m, p0, p1, b, c, j0, n, min(NC, n - j0));
  }
}

/** C = A·Bᵀ (+ C). A: m×k, B: n×k, C: m×n. */
export function matmulTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 8);
  if (m == 0 || n == 0 || k == 0) return;
  if (fewNonZeros(a, m * k, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < m; i++) rowTimesBt(a, i * k, k, b, n, c, i * n);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const w = min(NC, n - j0);
      for (let jj = 0; jj < w; jj++) packColumn(b, (j0 + jj) * k + p0, p1 - p0, panelCol(jj));
      product(a, k, 1, m, p0, p1, c, j0, n, w);
    }
  }
}

/** C = Aᵀ·B (+ C). A: k×m, B: k×n, C: m×n. */
export function matmulTransA(a: usize, b: usize, c: usize, k: i32, m: i32, n: i32, accumulate: bool): void {
  matmulTransARows(a, b, c, k, m, n, accumulate, 0, m);
}

/**
 * Rows i0 .. i1 of matmulTransA's C (columns i0 .. i1 of A), for a helper thread that computes part of it
 * (src/kernels/kernel-team.ts). Each element is computed exactly as when the whole C is.
 */
export function matmulTransARows(a: usize, b: usize, c: usize, k: i32, m: i32, n: i32, accumulate: bool, i0: i32, i1: i32): void {
  const rows = i1 - i0;
  a += <usize>i0 << 3;
  c += (<usize>i0 * <usize>n) << 3;
  if (!accumulate) memory.fill(c, 0, <usize>rows * <usize>n * 8);
  if (rows <= 0 || n == 0 || k == 0) return;
  if (fewNonZerosStrided(a, k, rows, m, IN_PLACE_ROWS * k)) {
    for (let i = 0; i < rows; i++) rowTimesB(a, i, m, k, b, n, c, i * n);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += NC) productRowMajorB(a, 1, m, rows, p0, p1, b, c, j0, n, min(NC, n - j0));
  }
}

/** fewNonZeros over `rows` rows of `cols` values each, `stride` apart. */
function fewNonZerosStrided(a: usize, rows: i32, cols: i32, stride: i32, limit: i32): bool {
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0, o = r * stride; i < cols; i++) count += <i32>(f(a, o + i) != 0);
    if (count >= limit) return false;
  }
  return true;
}

function fewNonZeros(a: usize, len: i32, limit: i32): bool {
  let count = 0;
  for (let i = 0; i < len; i++) {
    count += <i32>(f(a, i) != 0);
    if (count >= limit) return false;
  }
  return true;
}

function rowTimesB(a: usize, base: i32, aP: i32, k: i32, b: usize, n: i32, c: usize, cOff: i32): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = min(k, p0 + KC);
    const act = gatherRow(a, base, aP, p0, p1, n, 0);
    for (let j0 = 0; j0 < n; j0 += NC) rowAxpy(act, b, j0, c, cOff + j0, min(NC, n - j0));
  }
}

function rowTimesBt(a: usize, base: i32, k: i32, b: usize, n: i32, c: usize, cOff: i32): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = min(k, p0 + KC);
    const act = gatherRow(a, base, 1, p0, p1, 1, 0);
    if (act == 0) continue;
    let j = 0;
    for (; j + 4 <= n; j += 4) dot4InPlace(act, b, j * k, k, c, cOff + j);
    for (; j < n; j++) tile1x1(act, b, j * k, c, cOff + j);
  }
}

/** C[cOff + jj] += Σ_q aPack[q] · b[bOff[q] + bCol + jj], jj < 8: four f64x2 lanes of sums. */
function tile1x8(act: i32, b: usize, bCol: i32, c: usize, cOff: i32): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  for (let q = 0; q < act; q++) {
    const av = v128.load64_splat(at(aPack, q));
    const o = at(b, off(q) + bCol);
    s0 = f64x2.add(s0, f64x2.mul(av, v128.load(o)));
    s1 = f64x2.add(s1, f64x2.mul(av, v128.load(o, 16)));
    s2 = f64x2.add(s2, f64x2.mul(av, v128.load(o, 32)));
    s3 = f64x2.add(s3, f64x2.mul(av, v128.load(o, 48)));
  }
  const co = at(c, cOff);
  v128.store(co, f64x2.add(v128.load(co), s0));
  v128.store(co, f64x2.add(v128.load(co, 16), s1), 16);
  v128.store(co, f64x2.add(v128.load(co, 32), s2), 32);
  v128.store(co, f64x2.add(v128.load(co, 48), s3), 48);
}

function tile1x1(act: i32, b: usize, bCol: i32, c: usize, cOff: i32): void {
  let s: f64 = 0;
  for (let q = 0; q < act; q++) s += f(aPack, q) * f(b, off(q) + bCol);
  setf(c, cOff, f(c, cOff) + s);
}

function dot4InPlace(act: i32, b: usize, row0: i32, k: i32, c: usize, cOff: i32): void {
  const r1 = row0 + k, r2 = r1 + k, r3 = r2 + k;
  let c0: f64 = 0, c1: f64 = 0, c2: f64 = 0, c3: f64 = 0;
  for (let q = 0; q < act; q++) {
    const av = f(aPack, q), p = off(q);
    c0 += av * f(b, row0 + p);
    c1 += av * f(b, r1 + p);
    c2 += av * f(b, r2 + p);
    c3 += av * f(b, r3 + p);
  }
  setf(c, cOff, f(c, cOff) + c0);
  setf(c, cOff + 1, f(c, cOff + 1) + c1);
  setf(c, cOff + 2, f(c, cOff + 2) + c2);
  setf(c, cOff + 3, f(c, cOff + 3) + c3);
}

@inline function panelCol(j: i32): i32 {
  return (j >> 3) * PANEL + (j & 7);
}

function packRows(b: usize, n: i32, p0: i32, p1: i32, j0: i32, w: i32): void {
  for (let j = 0; j < w; j += 8) packPanel(b, n, p0, p1, j0 + j, min(8, w - j), panelCol(j));
}

function packPanel(b: usize, n: i32, p0: i32, p1: i32, col0: i32, width: i32, dst: i32): void {
  if (width == 8) {
    for (let p = p0; p < p1; p++, dst += 8) {
      const src = at(b, p * n + col0), d = at(bPack, dst);
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src, 16), 16);
      v128.store(d, v128.load(src, 32), 32);
      v128.store(d, v128.load(src, 48), 48);
    }
    return;
  }
  for (let p = p0; p < p1; p++, dst += 8) {
    const src = p * n + col0;
    for (let t = 0; t < width; t++) setf(bPack, dst + t, f(b, src + t));
  }
}

function packColumn(b: usize, src: i32, count: i32, dst: i32): void {
  for (let q = 0; q < count; q++, dst += 8) setf(bPack, dst, f(b, src + q));
}

/**
 * The product's block for a row-major right operand B (k×n; matmul, matmulTransA). Rows that fall to the row
 * path read B in place (rowAxpy), so the block is packed only once a 4-row block needs it: with MNIST pixels
 * or ReLU activity as the left operand no block qualifies and the copy of B is skipped altogether.
 */
function productRowMajorB(a: usize, aRow: i32, aP: i32, m: i32, p0: i32, p1: i32, b: usize, c: usize, cCol0: i32, n: i32, w: i32): void {
  let packed = false;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const base = i * aRow, cRow = i * n + cCol0;
    const act = gatherBlock(a, base, aRow, aP, p0, p1);
    if (act > 0) {
      if (!packed) packRows(b, n, p0, p1, cCol0, w);
      packed = true;
      blockTiles(act, act == p1 - p0, c, cRow, n, w);
    } else if (act < 0) {
      for (let r = 0; r < 4; r++) rowInPlace(a, base + r * aRow, aP, p0, p1, b, n, c, cRow + r * n, cCol0, w);
    }
  }
  for (; i < m; i++) rowInPlace(a, i * aRow, aP, p0, p1, b, n, c, i * n + cCol0, cCol0, w);
}

function rowInPlace(a: usize, base: i32, aP: i32, p0: i32, p1: i32, b: usize, n: i32, c: usize, cRow: i32, j0: i32, w: i32): void {
  const act = gatherRow(a, base, aP, p0, p1, n, 0);
  rowAxpy(act, b, j0, c, cRow, w);
}

/**
 * C[cOff .. cOff + w) += Σ_q aPack[q] · b[bOff[q] + col ..): the row path's sums, built in rowSum four gathered
 * terms per pass over the row (added in order of q) and then added to C. Each element gets the same sums in the
 * same order as in tile1x8, so the same bits; but the rows of B are read straight through instead of one
 * 64-byte piece per term, and the additions of different columns do not wait on each other (tile1x8 keeps four
 * running sums, each add waiting on the previous one). w ≤ NC.
 */
function rowAxpy(act: i32, b: usize, col: i32, c: usize, cOff: i32, w: i32): void {
  if (act == 0) return;
  const t = rowSum, end = <usize>w << 3;
  memory.fill(t, 0, end);
  let q = 0;
  for (; q + 4 <= act; q += 4) fourTerms(q, b, col, w);
  for (; q < act; q++) oneTerm(q, b, col, w);
  const co = at(c, cOff), pairs = <usize>(w & ~1) << 3;
  for (let j: usize = 0; j < pairs; j += 16) v128.store(co + j, f64x2.add(v128.load(co + j), v128.load(t + j)));
  if (pairs < end) store<f64>(co + pairs, load<f64>(co + pairs) + load<f64>(t + pairs));
}

/** rowSum[j] += terms q .. q + 3 (in that order) for every column j < w. */
function fourTerms(q: i32, b: usize, col: i32, w: i32): void {
  const t = rowSum, end = <usize>w << 3, pairs = <usize>(w & ~1) << 3;
  const a0 = v128.load64_splat(at(aPack, q)), a1 = v128.load64_splat(at(aPack, q + 1));
  const a2 = v128.load64_splat(at(aPack, q + 2)), a3 = v128.load64_splat(at(aPack, q + 3));
  const o0 = at(b, off(q) + col), o1 = at(b, off(q + 1) + col), o2 = at(b, off(q + 2) + col), o3 = at(b, off(q + 3) + col);
  for (let j: usize = 0; j < pairs; j += 16) {
    let s = v128.load(t + j);
    s = f64x2.add(s, f64x2.mul(a0, v128.load(o0 + j)));
    s = f64x2.add(s, f64x2.mul(a1, v128.load(o1 + j)));
    s = f64x2.add(s, f64x2.mul(a2, v128.load(o2 + j)));
    s = f64x2.add(s, f64x2.mul(a3, v128.load(o3 + j)));
    v128.store(t + j, s);
  }
  if (pairs < end) {
    let s = load<f64>(t + pairs);
    s += f(aPack, q) * load<f64>(o0 + pairs);
    s += f(aPack, q + 1) * load<f64>(o1 + pairs);
    s += f(aPack, q + 2) * load<f64>(o2 + pairs);
    s += f(aPack, q + 3) * load<f64>(o3 + pairs);
    store<f64>(t + pairs, s);
  }
}

/** rowSum[j] += term q for every column j < w. */
function oneTerm(q: i32, b: usize, col: i32, w: i32): void {
  const t = rowSum, end = <usize>w << 3, pairs = <usize>(w & ~1) << 3;
  const a0 = v128.load64_splat(at(aPack, q)), o0 = at(b, off(q) + col);
  for (let j: usize = 0; j < pairs; j += 16) v128.store(t + j, f64x2.add(v128.load(t + j), f64x2.mul(a0, v128.load(o0 + j))));
  if (pairs < end) store<f64>(t + pairs, load<f64>(t + pairs) + f(aPack, q) * load<f64>(o0 + pairs));
}

function product(a: usize, aRow: i32, aP: i32, m: i32, p0: i32, p1: i32, c: usize, cCol0: i32, cStride: i32, w: i32): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const base = i * aRow, cRow = i * cStride + cCol0;
    const act = gatherBlock(a, base, aRow, aP, p0, p1);
    if (act >= 0) {
      blockTiles(act, act == p1 - p0, c, cRow, cStride, w);
    } else {
      for (let r = 0; r < 4; r++) rowTiles(a, base + r * aRow, aP, p0, p1, c, cRow + r * cStride, w);
    }
  }
  for (; i < m; i++) rowTiles(a, i * aRow, aP, p0, p1, c, i * cStride + cCol0, w);
}

function gatherBlock(a: usize, base: i32, aRow: i32, aP: i32, p0: i32, p1: i32): i32 {
  const aRow2 = 2 * aRow, aRow3 = 3 * aRow;
  let act = 0;
  for (let p = p0, o = base + p0 * aP; p < p1; p++, o += aP) {
    const a0 = f(a, o), a1 = f(a, o + aRow), a2 = f(a, o + aRow2), a3 = f(a, o + aRow3);
    const nz = <i32>(a0 != 0) + <i32>(a1 != 0) + <i32>(a2 != 0) + <i32>(a3 != 0);
    if ((nz & 3) != 0) return -1;
    const x = 4 * act;
    setf(aPack, x, a0);
    setf(aPack, x + 1, a1);
    setf(aPack, x + 2, a2);
    setf(aPack, x + 3, a3);
    store<i32>(bOff + (<usize>act << 2), (p - p0) * 8);
    act += nz >> 2;
  }
  return act;
}

function blockTiles(act: i32, dense: bool, c: usize, cRow: i32, cs: i32, w: i32): void {
  if (act == 0) return;
  let j = 0;
  if (dense) for (; j + 4 <= w; j += 4) tile4x4Dense(act, panelCol(j), c, cRow + j, cs);
  else for (; j + 4 <= w; j += 4) tile4x4(act, panelCol(j), c, cRow + j, cs);
  for (; j < w; j++) tile4x1(act, panelCol(j), c, cRow + j, cs);
}

function rowTiles(a: usize, base: i32, aP: i32, p0: i32, p1: i32, c: usize, cRow: i32, w: i32): void {
  const act = gatherRow(a, base, aP, p0, p1, 8, -8 * p0);
  if (act == 0) return;
  let j = 0;
  for (; j + 8 <= w; j += 8) tile1x8(act, bPack, panelCol(j), c, cRow + j);
  for (; j < w; j++) tile1x1(act, bPack, panelCol(j), c, cRow + j);
}

function gatherRow(a: usize, base: i32, aP: i32, p0: i32, p1: i32, bStride: i32, bShift: i32): i32 {
  let act = 0;
  for (let p = p0, o = base + p0 * aP; p < p1; p++, o += aP) {
    const v = f(a, o);
    setf(aPack, act, v);
    store<i32>(bOff + (<usize>act << 2), p * bStride + bShift);
    act += <i32>(v != 0);
  }
  return act;
}

/** A 4×4 block of C: 4 rows × two f64x2 lanes of column pairs. */
function tile4x4(act: i32, bCol: i32, c: usize, cOff: i32, cs: i32): void {
  let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
  let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
  for (let q = 0; q < act; q++) {
    const ax = at(aPack, 4 * q);
    const o = at(bPack, off(q) + bCol);
    const b0 = v128.load(o), b1 = v128.load(o, 16);
    const a0 = v128.load64_splat(ax), a1 = v128.load64_splat(ax, 8), a2 = v128.load64_splat(ax, 16), a3 = v128.load64_splat(ax, 24);
    s00 = f64x2.add(s00, f64x2.mul(a0, b0));
    s01 = f64x2.add(s01, f64x2.mul(a0, b1));
    s10 = f64x2.add(s10, f64x2.mul(a1, b0));
    s11 = f64x2.add(s11, f64x2.mul(a1, b1));
    s20 = f64x2.add(s20, f64x2.mul(a2, b0));
    s21 = f64x2.add(s21, f64x2.mul(a2, b1));
    s30 = f64x2.add(s30, f64x2.mul(a3, b0));
    s31 = f64x2.add(s31, f64x2.mul(a3, b1));
  }
  let o = at(c, cOff);
  const step = <usize>cs << 3;
  v128.store(o, f64x2.add(v128.load(o), s00));
  v128.store(o, f64x2.add(v128.load(o, 16), s01), 16);
  o += step;
  v128.store(o, f64x2.add(v128.load(o), s10));
  v128.store(o, f64x2.add(v128.load(o, 16), s11), 16);
  o += step;
  v128.store(o, f64x2.add(v128.load(o), s20));
  v128.store(o, f64x2.add(v128.load(o, 16), s21), 16);
  o += step;
  v128.store(o, f64x2.add(v128.load(o), s30));
  v128.store(o, f64x2.add(v128.load(o, 16), s31), 16);
}

/**
 * tile4x4 for a block that kept every p of the chunk: the panel's rows follow each other (8 doubles apart),
 * so they are read by a moving pointer instead of through bOff. Two p per iteration.
 */
function tile4x4Dense(act: i32, bCol: i32, c: usize, cOff: i32, cs: i32): void {
  let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
  let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
  let ax = aPack, o = at(bPack, bCol);
  const end = aPack + (<usize>act << 5);
  for (; ax < end; ax += 32, o += 64) {
    const b0 = v128.load(o), b1 = v128.load(o, 16);
    const a0 = v128.load64_splat(ax), a1 = v128.load64_splat(ax, 8), a2 = v128.load64_splat(ax, 16), a3 = v128.load64_splat(ax, 24);
    s00 = f64x2.add(s00, f64x2.mul(a0, b0));
    s01 = f64x2.add(s01, f64x2.mul(a0, b1));
    s10 = f64x2.add(s10, f64x2.mul(a1, b0));
    s11 = f64x2.add(s11, f64x2.mul(a1, b1));
    s20 = f64x2.add(s20, f64x2.mul(a2, b0));
    s21 = f64x2.add(s21, f64x2.mul(a2, b1));
    s30 = f64x2.add(s30, f64x2.mul(a3, b0));
    s31 = f64x2.add(s31, f64x2.mul(a3, b1));
  }
  let co = at(c, cOff);
  const step = <usize>cs << 3;
  v128.store(co, f64x2.add(v128.load(co), s00));
  v128.store(co, f64x2.add(v128.load(co, 16), s01), 16);
  co += step;
  v128.store(co, f64x2.add(v128.load(co), s10));
  v128.store(co, f64x2.add(v128.load(co, 16), s11), 16);
  co += step;
  v128.store(co, f64x2.add(v128.load(co), s20));
  v128.store(co, f64x2.add(v128.load(co, 16), s21), 16);
  co += step;
  v128.store(co, f64x2.add(v128.load(co), s30));
  v128.store(co, f64x2.add(v128.load(co, 16), s31), 16);
}

function tile4x1(act: i32, bCol: i32, c: usize, cOff: i32, cs: i32): void {
  let c0: f64 = 0, c1: f64 = 0, c2: f64 = 0, c3: f64 = 0;
  for (let q = 0; q < act; q++) {
    const bv = f(bPack, off(q) + bCol);
    const x = 4 * q;
    c0 += f(aPack, x) * bv;
    c1 += f(aPack, x + 1) * bv;
    c2 += f(aPack, x + 2) * bv;
    c3 += f(aPack, x + 3) * bv;
  }
  setf(c, cOff, f(c, cOff) + c0);
  setf(c, cOff + cs, f(c, cOff + cs) + c1);
  setf(c, cOff + 2 * cs, f(c, cOff + 2 * cs) + c2);
  setf(c, cOff + 3 * cs, f(c, cOff + 3 * cs) + c3);
}
