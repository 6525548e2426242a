/** A worker of threads-bench.ts: on each message `calls`, computes that many 128×784×256 products and replies with the seconds. */
import { parentPort } from 'node:worker_threads';
import { Matrix } from '../../src/kernels/matrix.js';
import { matmul } from '../../src/kernels/matmul.js';
import { mulberry32 } from '../support/mulberry32.js';

const rand = mulberry32(5);
const fill = (m: Matrix) => {
  for (let i = 0; i < m.data.length; i++) m.data[i] = rand() * 2 - 1;
  return m;
};
const A = fill(new Matrix(128, 784)), B = fill(new Matrix(784, 256)), C = new Matrix(128, 256);
parentPort!.on('message', (calls: number) => {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) matmul(A, B, C);
  parentPort!.postMessage((performance.now() - t0) / 1000);
});
parentPort!.postMessage('ready');
