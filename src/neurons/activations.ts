import type { Matrix } from '../kernels/matrix.js';
import { exp, tanh } from '../kernels/math.js';
import { wasm } from '../kernels/backend.js';

/**
 * A rate neuron's transfer function h = f(a), applied to a batch (rows = examples, cols = neurons).
 *
 * `backward` is the vector-Jacobian product: given dL/dh it writes dL/da. For elementwise functions that is
 * f'(a) ⊙ dL/dh; softmax couples the units of a row, which is why the interface takes whole rows rather
 * than a scalar derivative. `derivative` (elementwise functions only) writes f'(a), which rules such as
 * feedback alignment need on its own.
 */
export interface Activation {
  readonly name: ActivationName;
  readonly elementwise: boolean;
  forward(a: Matrix, h: Matrix): void;
  backward(a: Matrix, h: Matrix, gradH: Matrix, gradA: Matrix): void;
  /** f'(a) elementwise; throws for softmax, whose Jacobian is not diagonal. */
  derivative(a: Matrix, h: Matrix, out: Matrix): void;
}

export type ActivationName = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'softmax';

/** Slope of leaky ReLU for negative inputs. */
export const LEAKY_RELU_SLOPE = 0.01;

function size(m: Matrix): number {
  return m.rows * m.cols;
}

/** The number by which the WebAssembly kernels know each elementwise activation (src/kernels/wasm/assembly/elementwise.ts). */
export const ACTIVATION_CODES: Partial<Record<ActivationName, number>> = { linear: 0, sigmoid: 1, tanh: 2, relu: 3, 'leaky-relu': 4 };

/**
 * Builds an elementwise activation from f and f' (f' may use a, h or both, whichever is cheaper and exact).
 * On arrays in the WebAssembly heap the module's twin of each loop runs: the same f and f', the same bits.
 */
function elementwise(name: ActivationName, f: (a: number) => number, df: (a: number, h: number) => number): Activation {
  const code = ACTIVATION_CODES[name]!;
  return {
    name,
    elementwise: true,
    forward(a, h) {
      const x = a.data, y = h.data, n = size(a);
      const w = wasm();
      if (w && w.heap.holds(x, y)) return w.kernels.activationForward(code, x.byteOffset, y.byteOffset, n);
      for (let i = 0; i < n; i++) y[i] = f(x[i]);
    },
    backward(a, h, gradH, gradA) {
      const x = a.data, y = h.data, g = gradH.data, o = gradA.data, n = size(a);
      const w = wasm();
      if (w && w.heap.holds(x, y, g, o)) return w.kernels.activationBackward(code, x.byteOffset, y.byteOffset, g.byteOffset, o.byteOffset, n);
      for (let i = 0; i < n; i++) o[i] = df(x[i], y[i]) * g[i];
    },
    derivative(a, h, out) {
      const x = a.data, y = h.data, o = out.data, n = size(a);
      const w = wasm();
      if (w && w.heap.holds(x, y, o)) return w.kernels.activationBackward(code, x.byteOffset, y.byteOffset, 0, o.byteOffset, n);
      for (let i = 0; i < n; i++) o[i] = df(x[i], y[i]);
    },
  };
}

/** Numerically safe logistic: never evaluates exp of a large positive number. */
function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + exp(-a));
  const e = exp(a);
  return e / (1 + e);
}

const softmax: Activation = {
  name: 'softmax',
  elementwise: false,
  forward(a, h) {
    const n = a.cols, x = a.data, y = h.data;
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (x[o + j] > max) max = x[o + j];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = exp(x[o + j] - max); // shift by the row max so exp never overflows
        y[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) y[o + j] *= inv;
    }
  },
  backward(a, h, gradH, gradA) {
    // dL/da_i = h_i (g_i − Σ_j h_j g_j)
    const n = a.cols, y = h.data, g = gradH.data, out = gradA.data;
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += y[o + j] * g[o + j];
      for (let j = 0; j < n; j++) out[o + j] = y[o + j] * (g[o + j] - dot);
    }
  },
  derivative() {
    throw new Error('softmax has no elementwise derivative: its Jacobian couples the units of a row; use backward()');
  },
};

export const activations: Readonly<Record<ActivationName, Activation>> = {
  linear: elementwise('linear', (a) => a, () => 1),
  sigmoid: elementwise('sigmoid', sigmoid, (_a, h) => h * (1 - h)),
  tanh: elementwise('tanh', tanh, (_a, h) => 1 - h * h),
  relu: elementwise('relu', (a) => (a > 0 ? a : 0), (a) => (a > 0 ? 1 : 0)),
  'leaky-relu': elementwise('leaky-relu', (a) => (a > 0 ? a : LEAKY_RELU_SLOPE * a), (a) => (a > 0 ? 1 : LEAKY_RELU_SLOPE)),
  softmax,
};

export const activationNames = Object.keys(activations) as ActivationName[];

export function getActivation(name: string, where = 'activation'): Activation {
  const a = (activations as Record<string, Activation>)[name];
  if (!a) throw new Error(`${where}: unknown activation "${name}"; expected one of ${activationNames.join(', ')}`);
  return a;
}
