/**
 * Convolution and pooling over a batch: the WebAssembly kernels (src/kernels/wasm/assembly/conv.ts) against
 * the JavaScript loops (src/kernels/conv.ts, pool.ts) bit for bit, on random geometries — strides 1–3,
 * 'valid', 'same' and numeric padding, kernels wider than the padding and windows that overlap — with inputs
 * that hold zeros (the product kernels have sparse paths) and ties (max pooling takes the first largest);
 * and whole conv-net training runs with every rule that trains conv layers giving the same weights with
 * PLASTICITY_KERNELS=js, =wasm, and two threads.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasm } from '../../src/kernels/backend.js';
import { ConvScratch, convForward, convGeometry, convInputGradient, convWeightGradient, type Padding } from '../../src/kernels/conv.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, poolGeometry } from '../../src/kernels/pool.js';
import { ROOT } from '../support/cli.js';
import { mulberry32 } from './helpers.js';

const heapPath = wasm();

/** The same random values in a heap matrix (WebAssembly path) and a plain one (JavaScript path). */
function pair(rows: number, cols: number, rand: () => number, zeros = 0.3, ties = false): [Matrix, Matrix] {
  const h = new Matrix(rows, cols), p = new Matrix(rows, cols, new Float64Array(rows * cols));
  for (let i = 0; i < h.data.length; i++) {
    const v = rand() < zeros ? 0 : ties ? Math.floor(rand() * 3) : rand() * 2 - 1;
    h.data[i] = p.data[i] = v;
  }
  return [h, p];
}
const bits = (m: Matrix | Float64Array) => Array.from(m instanceof Matrix ? m.data : m).map((v) => (Object.is(v, -0) ? '-0' : v));

interface Case { C: number; H: number; W: number; outC: number; k: number; stride: number; padding: Padding; batch: number; bias: boolean }

function randomCase(rand: () => number): Case {
  const k = 1 + Math.floor(rand() * 5), stride = 1 + Math.floor(rand() * 3);
  const paddings: Padding[] = ['valid', 'same', 0, 1, 2, k];
  return { C: 1 + Math.floor(rand() * 4), H: k + Math.floor(rand() * 9), W: k + Math.floor(rand() * 9), outC: 1 + Math.floor(rand() * 9), k, stride, padding: paddings[Math.floor(rand() * paddings.length)], batch: 1 + Math.floor(rand() * 5), bias: rand() < 0.7 };
}

describe.skipIf(!heapPath)('conv and pooling kernels: WebAssembly and JavaScript give the same bits', () => {
  it('60 random convolutions: forward, weight and bias gradients (accumulated), input gradient', () => {
    const rand = mulberry32(41);
    for (let t = 0; t < 60; t++) {
      const c = randomCase(rand), g = convGeometry({ channels: c.C, height: c.H, width: c.W }, c.outC, c.k, c.stride, c.padding);
      const inSize = c.C * c.H * c.W, outSize = g.output.channels * g.output.height * g.output.width, patch = c.C * c.k * c.k;
      const where = JSON.stringify(c);
      const [xh, xp] = pair(c.batch, inSize, rand), [wh, wp] = pair(c.outC, patch, rand, 0.1), [bh, bp] = pair(1, c.outC, rand, 0);
      const [dyh, dyp] = pair(c.batch, outSize, rand), [dwh, dwp] = pair(c.outC, patch, rand, 0), [dbh, dbp] = pair(1, c.outC, rand, 0);
      const sh = new ConvScratch(g), sp = new ConvScratch(g);
      const [oh, op] = pair(c.batch, outSize, rand), [dxh, dxp] = pair(c.batch, inSize, rand);
      convForward(xh, wh, c.bias ? bh.data : null, oh, sh);
      convForward(xp, wp, c.bias ? bp.data : null, op, sp);
      expect(bits(oh), `forward ${where}`).toEqual(bits(op));
      convWeightGradient(xh, dyh, dwh, c.bias ? dbh.data : null, sh);
      convWeightGradient(xp, dyp, dwp, c.bias ? dbp.data : null, sp);
      expect(bits(dwh), `weight gradient ${where}`).toEqual(bits(dwp));
      expect(bits(dbh), `bias gradient ${where}`).toEqual(bits(dbp));
      convInputGradient(dyh, wh, dxh, sh);
      convInputGradient(dyp, wp, dxp, sp);
      expect(bits(dxh), `input gradient ${where}`).toEqual(bits(dxp));
    }
  });

  it('max and average pooling, overlapping and strided windows, ties in the windows', () => {
    const rand = mulberry32(42);
    for (let t = 0; t < 40; t++) {
      const size = 1 + Math.floor(rand() * 3), stride = 1 + Math.floor(rand() * 3), C = 1 + Math.floor(rand() * 3), H = size + Math.floor(rand() * 7), W = size + Math.floor(rand() * 7), batch = 1 + Math.floor(rand() * 4);
      const g = poolGeometry({ channels: C, height: H, width: W }, size, stride), outSize = C * g.output.height * g.output.width, where = JSON.stringify({ size, stride, C, H, W, batch });
      const [xh, xp] = pair(batch, C * H * W, rand, 0.2, true), [dyh, dyp] = pair(batch, outSize, rand);
      const [oh, op] = pair(batch, outSize, rand), [dxh, dxp] = pair(batch, C * H * W, rand);
      const ah = heapPath!.heap.i32(batch * outSize), ap = new Int32Array(batch * outSize);
      maxPoolForward(xh, g, oh, ah);
      maxPoolForward(xp, g, op, ap);
      expect(bits(oh), `max forward ${where}`).toEqual(bits(op));
      expect(Array.from(ah), `argmax ${where}`).toEqual(Array.from(ap));
      maxPoolBackward(dyh, g, ah, dxh);
      maxPoolBackward(dyp, g, ap, dxp);
      expect(bits(dxh), `max backward ${where}`).toEqual(bits(dxp));
      avgPoolForward(xh, g, oh);
      avgPoolForward(xp, g, op);
      expect(bits(oh), `avg forward ${where}`).toEqual(bits(op));
      avgPoolBackward(dyh, g, dxh);
      avgPoolBackward(dyp, g, dxp);
      expect(bits(dxh), `avg backward ${where}`).toEqual(bits(dxp));
    }
  });

  it('a deliberate difference is caught: one value changed in the input changes the forward output', () => {
    const rand = mulberry32(43), g = convGeometry({ channels: 2, height: 6, width: 6 }, 3, 3, 1, 'same');
    const [xh, xp] = pair(2, 72, rand, 0), [wh, wp] = pair(3, 18, rand, 0), [oh, op] = pair(2, 108, rand);
    xh.data[40] += 1e-9;
    convForward(xh, wh, null, oh, new ConvScratch(g));
    convForward(xp, wp, null, op, new ConvScratch(g));
    expect(bits(oh)).not.toEqual(bits(op));
  });

  it('conv-net training with BP, FA, DFA, sign symmetry and KP: the same weights with PLASTICITY_KERNELS=js, =wasm and PLASTICITY_THREADS=2', () => {
    const runWith = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/conv-train-and-hash.ts')], { encoding: 'utf8', env: { ...process.env, ...env } });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { kernels: string; hashes: Record<string, string> };
    };
    const js = runWith({ PLASTICITY_KERNELS: 'js' }), wa = runWith({ PLASTICITY_KERNELS: 'wasm', PLASTICITY_THREADS: '1' }), two = runWith({ PLASTICITY_KERNELS: 'wasm', PLASTICITY_THREADS: '2' });
    expect([js.kernels, wa.kernels, two.kernels]).toEqual(['js', 'wasm', 'wasm']);
    expect(Object.keys(js.hashes)).toHaveLength(10);
    expect(wa.hashes).toEqual(js.hashes);
    expect(two.hashes).toEqual(js.hashes);
  }, 120_000);
});
