/**
 * The convolution and pooling kernels against PyTorch 1.13 (float64): forward outputs and the gradients of
 * Σ r ⊙ output with respect to input, weights and bias, for the cases test/bench/torch/conv_reference.py
 * writes into reference/conv-torch.json (committed, so that this test does not need PyTorch). The inputs
 * are rebuilt here from the script's formulas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { ConvScratch, convForward, convGeometry, convInputGradient, convWeightGradient, type Padding } from '../../src/kernels/conv.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, poolGeometry } from '../../src/kernels/pool.js';

interface Case {
  kind: 'conv' | 'max' | 'avg';
  batch: number;
  input: [number, number, number];
  output: [number, number, number];
  filters?: number;
  kernel?: number;
  stride: number;
  padding?: Padding;
  size?: number;
  y: number[];
  dx: number[];
  dw?: number[];
  db?: number[];
}
const reference = JSON.parse(readFileSync(new URL('./reference/conv-torch.json', import.meta.url), 'utf8')) as { torch: string; cases: Case[] };

const seq = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
const batchOf = (rows: number, data: Float64Array) => new Matrix(rows, data.length / rows, data);

function close(name: string, got: ArrayLike<number>, want: number[]): void {
  expect(got.length, `${name}: length`).toBe(want.length);
  let worst = 0, at = -1;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (err > worst) (worst = err), (at = i);
  }
  expect(worst, `${name}: worst relative error at ${at} (${got[at]} vs ${want[at]})`).toBeLessThan(1e-12);
}

describe(`convolution and pooling against PyTorch ${reference.torch} (float64)`, () => {
  for (const c of reference.cases) {
    const [C, H, W] = c.input, shape = { channels: C, height: H, width: W };
    const label = c.kind === 'conv' ? `conv ${c.batch}×${c.input.join('×')}, ${c.filters} filters ${c.kernel}×${c.kernel}, stride ${c.stride}, ${c.padding}` : `${c.kind} pool ${c.batch}×${c.input.join('×')}, window ${c.size}, stride ${c.stride}`;
    it(`${label}: output and gradients`, () => {
      const x = batchOf(c.batch, seq(c.batch * C * H * W, (i) => Math.sin(0.37 * i + 0.1)));
      const outSize = c.output[0] * c.output[1] * c.output[2];
      const r = batchOf(c.batch, seq(c.batch * outSize, (i) => Math.sin(0.71 * i + 0.3)));
      const y = new Matrix(c.batch, outSize), dx = new Matrix(c.batch, C * H * W);
      if (c.kind === 'conv') {
        const g = convGeometry(shape, c.filters!, c.kernel!, c.stride, c.padding!);
        expect([g.output.channels, g.output.height, g.output.width]).toEqual(c.output);
        const patch = C * c.kernel! * c.kernel!;
        const w = new Matrix(c.filters!, patch, seq(c.filters! * patch, (i) => Math.cos(0.53 * i) / 3));
        const bias = seq(c.filters!, (i) => 0.1 * i - 0.2);
        const s = new ConvScratch(g), dw = new Matrix(c.filters!, patch), db = new Float64Array(c.filters!);
        convForward(x, w, bias, y, s);
        convWeightGradient(x, r, dw, db, s);
        convInputGradient(r, w, dx, s);
        close('dw', dw.data, c.dw!);
        close('db', db, c.db!);
      } else {
        const g = poolGeometry(shape, c.size!, c.stride);
        expect([g.output.channels, g.output.height, g.output.width]).toEqual(c.output);
        if (c.kind === 'max') {
          const arg = new Int32Array(c.batch * outSize);
          maxPoolForward(x, g, y, arg);
          maxPoolBackward(r, g, arg, dx);
        } else {
          avgPoolForward(x, g, y);
          avgPoolBackward(r, g, dx);
        }
      }
      close('output', y.data, c.y);
      close('dx', dx.data, c.dx);
    });
  }
});
