/**
 * Convolution and pooling kernels (src/kernels/conv.ts, pool.ts): output sizes by the valid/same rules,
 * forward passes against straightforward loops over (b, o, oy, ox, c, ky, kx), gradients against central
 * finite differences (stride 1 and 2, both paddings, rectangular inputs), and the same bits on the
 * WebAssembly and JavaScript product paths.
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { ConvScratch, convForward, convGeometry, convInputGradient, convWeightGradient, type ConvGeometry, type Padding, type Shape } from '../../src/kernels/conv.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, poolGeometry, type PoolGeometry } from '../../src/kernels/pool.js';
import { mulberry32, randomMatrix } from './helpers.js';

const size = (s: Shape) => s.channels * s.height * s.width;

function naiveConv(x: Matrix, w: Matrix, bias: Float64Array, g: ConvGeometry): Matrix {
  const { channels: C, height: H, width: W } = g.input, { channels: O, height: oH, width: oW } = g.output, k = g.kernel;
  const out = new Matrix(x.rows, size(g.output), new Float64Array(x.rows * size(g.output)));
  for (let b = 0; b < x.rows; b++)
    for (let o = 0; o < O; o++)
      for (let oy = 0; oy < oH; oy++)
        for (let ox = 0; ox < oW; ox++) {
          let sum = 0;
          for (let c = 0; c < C; c++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const y = oy * g.stride + ky - g.padTop, xx = ox * g.stride + kx - g.padLeft;
                if (y >= 0 && y < H && xx >= 0 && xx < W) sum += w.get(o, (c * k + ky) * k + kx) * x.get(b, (c * H + y) * W + xx);
              }
          out.set(b, (o * oH + oy) * oW + ox, sum + bias[o]);
        }
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

const CASES: [Shape, number, number, number, Padding][] = [
  [{ channels: 1, height: 28, width: 28 }, 4, 3, 1, 'valid'],
  [{ channels: 3, height: 9, width: 7 }, 5, 3, 2, 'same'],
  [{ channels: 2, height: 8, width: 8 }, 3, 5, 1, 'same'],
  [{ channels: 4, height: 7, width: 10 }, 2, 2, 2, 'valid'],
  [{ channels: 33, height: 5, width: 5 }, 3, 3, 1, 'same'], // 33·9 = 297 > one k-chunk of the products
  [{ channels: 2, height: 6, width: 5 }, 3, 1, 1, 'valid'],
  [{ channels: 1, height: 5, width: 6 }, 2, 4, 3, 'same'],
  [{ channels: 1, height: 6, width: 6 }, 3, 5, 1, 2], // numeric padding: LeNet's first layer, scaled down
  [{ channels: 2, height: 5, width: 7 }, 2, 3, 2, 1],
];

describe('convolution', () => {
  it('output sizes and padding follow the valid and same rules', () => {
    const at = (h: number, k: number, s: number, p: Padding) => convGeometry({ channels: 1, height: h, width: h }, 1, k, s, p);
    expect(at(28, 3, 1, 'valid').output.height).toBe(26);
    expect(at(28, 3, 1, 'same')).toMatchObject({ output: { height: 28 }, padTop: 1 });
    expect(at(28, 3, 2, 'same')).toMatchObject({ output: { height: 14 }, padTop: 0 }); // 1 row of padding, at the bottom
    expect(at(5, 3, 2, 'valid').output.height).toBe(2);
    expect(at(32, 5, 1, 'valid').output.height).toBe(28); // LeNet's first layer
    expect(() => at(2, 3, 1, 'valid')).toThrow(/a 3×3 kernel does not fit a 2×2 input with padding 'valid'/);
    expect(() => at(5, 0, 1, 'valid')).toThrow(/kernel must be a positive integer, got 0/);
    expect(at(28, 5, 1, 2)).toMatchObject({ output: { height: 28 }, padTop: 2, padLeft: 2 }); // LeNet: 28×28 padded to 32×32
    expect(at(7, 3, 2, 1).output.height).toBe(4);
    expect(() => at(2, 7, 1, 2)).toThrow(/a 7×7 kernel does not fit a 2×2 input with padding 2/);
    expect(() => at(5, 3, 1, -1 as never)).toThrow(/padding must be 'valid', 'same' or a whole number of pixels >= 0, got -1/);
    expect(() => at(5, 3, 1, 'full' as never)).toThrow(/got "full"/);
  });

  for (const [input, filters, k, stride, padding] of CASES) {
    const name = `${input.channels}×${input.height}×${input.width}, ${filters} filters ${k}×${k}, stride ${stride}, ${padding}`;
    it(`${name}: forward equals the naive loop, gradients equal finite differences`, () => {
      const rand = mulberry32(input.channels * 31 + k * 7 + stride);
      const g = convGeometry(input, filters, k, stride, padding), scratch = new ConvScratch(g);
      const batch = 3, patch = input.channels * k * k;
      const x = randomMatrix(batch, size(input), rand, 0.2), w = randomMatrix(filters, patch, rand), bias = Float64Array.from({ length: filters }, () => rand() - 0.5);
      const out = new Matrix(batch, size(g.output));
      convForward(x, w, bias, out, scratch);
      const naive = naiveConv(x, w, bias, g);
      expect(maxDiff(out.data, naive.data)).toBeLessThan(1e-12);
      if (patch <= 256) expect(Array.from(out.data)).toEqual(Array.from(naive.data)); // one k-chunk: the same sums in the same order

      // L = Σ r ⊙ out, so dL/dout = r.
      const r = randomMatrix(batch, size(g.output), rand);
      const loss = () => {
        const o = naiveConv(x, w, bias, g);
        let s = 0;
        for (let i = 0; i < o.data.length; i++) s += o.data[i] * r.data[i];
        return s;
      };
      const dW = new Matrix(filters, patch), dB = new Float64Array(filters), dX = new Matrix(batch, size(input));
      convWeightGradient(x, r, dW, dB, scratch);
      convInputGradient(r, w, dX, scratch);
      const h = 1e-6;
      const numeric = (a: Float64Array, i: number) => {
        const keep = a[i];
        a[i] = keep + h;
        const up = loss();
        a[i] = keep - h;
        const down = loss();
        a[i] = keep;
        return (up - down) / (2 * h);
      };
      for (let t = 0; t < 12; t++) {
        const i = Math.floor(rand() * w.data.length), j = Math.floor(rand() * x.data.length), o = Math.floor(rand() * filters);
        expect(dW.data[i], `dW[${i}]`).toBeCloseTo(numeric(w.data, i), 6);
        expect(dX.data[j], `dx[${j}]`).toBeCloseTo(numeric(x.data, j), 6);
        expect(dB[o], `db[${o}]`).toBeCloseTo(numeric(bias, o), 6);
      }
    });
  }

  it('the same bits on the WebAssembly and the JavaScript product paths, forward and backward', () => {
    const rand = mulberry32(3);
    const g = convGeometry({ channels: 32, height: 13, width: 13 }, 64, 3, 1, 'valid'); // the Keras net's second conv
    const heap = { x: randomMatrix(4, size(g.input), rand, 0.5), w: randomMatrix(64, 32 * 9, rand), r: randomMatrix(4, size(g.output), rand) };
    const plain = Object.fromEntries(Object.entries(heap).map(([k, m]) => [k, new Matrix(m.rows, m.cols, m.data.slice())])) as typeof heap;
    const run = (m: typeof heap, fresh: (r: number, c: number) => Matrix) => {
      const s = new ConvScratch(g), out = fresh(4, size(g.output)), dW = fresh(64, 32 * 9), dX = fresh(4, size(g.input));
      convForward(m.x, m.w, null, out, s);
      convWeightGradient(m.x, m.r, dW, null, s);
      convInputGradient(m.r, m.w, dX, s);
      return [out, dW, dX].map((a) => Array.from(a.data));
    };
    const a = run(heap, (r, c) => new Matrix(r, c)), b = run(plain, (r, c) => new Matrix(r, c, new Float64Array(r * c)));
    expect(a).toEqual(b);
  });

  it('names the mismatched batch', () => {
    const g = convGeometry({ channels: 1, height: 5, width: 5 }, 2, 3, 1, 'valid');
    expect(() => convForward(new Matrix(2, 24), new Matrix(2, 9), null, new Matrix(2, 18), new ConvScratch(g))).toThrow(/the input is 2×24, expected 2×25 \(2 examples of 1×5×5\)/);
  });
});

function naivePool(x: Matrix, g: PoolGeometry, kind: 'max' | 'avg'): Matrix {
  const { channels: C, height: H, width: W } = g.input, { height: oH, width: oW } = g.output;
  const out = new Matrix(x.rows, size(g.output), new Float64Array(x.rows * size(g.output)));
  for (let b = 0; b < x.rows; b++)
    for (let c = 0; c < C; c++)
      for (let oy = 0; oy < oH; oy++)
        for (let ox = 0; ox < oW; ox++) {
          const v: number[] = [];
          for (let ky = 0; ky < g.size; ky++) for (let kx = 0; kx < g.size; kx++) v.push(x.get(b, (c * H + oy * g.stride + ky) * W + ox * g.stride + kx));
          out.set(b, (c * oH + oy) * oW + ox, kind === 'max' ? Math.max(...v) : v.reduce((s, t) => s + t, 0) / v.length);
        }
  return out;
}

describe('pooling', () => {
  const cases: [Shape, number, number][] = [[{ channels: 2, height: 6, width: 6 }, 2, 2], [{ channels: 3, height: 7, width: 5 }, 3, 2], [{ channels: 1, height: 5, width: 8 }, 2, 1]];
  for (const [input, k, stride] of cases) {
    it(`${input.channels}×${input.height}×${input.width}, window ${k}, stride ${stride}: max and average forward equal the naive loop, gradients equal finite differences`, () => {
      const rand = mulberry32(k * 13 + stride);
      const g = poolGeometry(input, k, stride), batch = 2;
      const x = randomMatrix(batch, size(input), rand); // distinct values: max pooling is differentiable there
      const r = randomMatrix(batch, size(g.output), rand);
      for (const kind of ['max', 'avg'] as const) {
        const out = new Matrix(batch, size(g.output)), arg = new Int32Array(batch * size(g.output)), dx = new Matrix(batch, size(input));
        if (kind === 'max') {
          maxPoolForward(x, g, out, arg);
          maxPoolBackward(r, g, arg, dx);
        } else {
          avgPoolForward(x, g, out);
          avgPoolBackward(r, g, dx);
        }
        expect(maxDiff(out.data, naivePool(x, g, kind).data), kind).toBeLessThan(1e-15);
        const loss = () => naivePool(x, g, kind).data.reduce((s, v, i) => s + v * r.data[i], 0);
        for (let t = 0; t < 10; t++) {
          const i = Math.floor(rand() * x.data.length), keep = x.data[i], h = 1e-7;
          x.data[i] = keep + h;
          const up = loss();
          x.data[i] = keep - h;
          const down = loss();
          x.data[i] = keep;
          expect(dx.data[i], `${kind} dx[${i}]`).toBeCloseTo((up - down) / (2 * h), 6);
        }
      }
    });
  }

  it('max pooling takes the first largest value of a window, and rejects a window larger than the input', () => {
    const g = poolGeometry({ channels: 1, height: 2, width: 2 }, 2);
    const out = new Matrix(1, 1), arg = new Int32Array(1);
    maxPoolForward(Matrix.from([[1, 3, 3, 2]]), g, out, arg);
    expect([out.data[0], arg[0]]).toEqual([3, 1]);
    expect(() => poolGeometry({ channels: 1, height: 3, width: 3 }, 4)).toThrow(/a 4×4 window does not fit a 3×3 input/);
  });
});
