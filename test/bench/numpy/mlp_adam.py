"""The reference side of the bench's "MLP with Adam" section: NumPy doing the arithmetic plasticity's
trainer does for one epoch of a 784-256-256-10 tanh network with a softmax cross-entropy output, Adam
(lr 1e-3, betas 0.9/0.999, eps 1e-8), batch 64, on the 60,000 MNIST training images in float64.

Forward a = h_prev W + b, h = tanh(a); the output's error (p - y)/B; backward dh = delta W^T,
delta = (1 - h^2) * dh; gradients h_prev^T delta and the column sums of delta; then Adam on every
array. Only the epoch is timed (not loading). Run with Debian's python3 and NumPy on one thread:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 test/bench/numpy/mlp_adam.py --json

(apt-get install python3-numpy libopenblas0-pthread: without OpenBLAS, NumPy falls back to the
reference BLAS, several times slower, and the script says which library it found).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from mnist_idx import idx  # noqa: E402  (the shared reader of the reference scripts)


def blas_library():
    try:
        real = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
        return "OpenBLAS" if "openblas" in real else os.path.basename(os.path.dirname(real)) or real
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    x = idx("train-images-idx3-ubyte").reshape(60000, 784).astype(np.float64) / 255.0
    labels = idx("train-labels-idx1-ubyte").astype(np.int64)
    y = np.zeros((60000, 10))
    y[np.arange(60000), labels] = 1.0
    xt = idx("t10k-images-idx3-ubyte").reshape(10000, 784).astype(np.float64) / 255.0
    lt = idx("t10k-labels-idx1-ubyte").astype(np.int64)
    rng = np.random.default_rng(args.seed)
    sizes = [784, 256, 256, 10]
    W = [rng.uniform(-1, 1, (a, b)) * np.sqrt(6.0 / (a + b)) for a, b in zip(sizes[:-1], sizes[1:])]
    b = [np.zeros(n) for n in sizes[1:]]
    params = W + b
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    order = rng.permutation(60000)
    t = 0
    t0 = time.perf_counter()
    for start in range(0, 60000, args.batch):
        rows = order[start:start + args.batch]
        xb, yb = x[rows], y[rows]
        B = xb.shape[0]
        hs = [xb]
        for k in range(3):
            a = hs[-1] @ W[k] + b[k]
            if k < 2:
                hs.append(np.tanh(a))
            else:
                a = a - a.max(axis=1, keepdims=True)
                e = np.exp(a)
                hs.append(e / e.sum(axis=1, keepdims=True))
        delta = (hs[3] - yb) / B
        gW, gb = [None] * 3, [None] * 3
        for k in (2, 1, 0):
            gW[k] = hs[k].T @ delta
            gb[k] = delta.sum(axis=0)
            if k > 0:
                delta = (delta @ W[k].T) * (1.0 - hs[k] * hs[k])
        t += 1
        c1, c2 = 1.0 / (1.0 - b1 ** t), 1.0 / (1.0 - b2 ** t)
        for i, (p, g) in enumerate(zip(params, gW + gb)):
            m[i] *= b1
            m[i] += (1 - b1) * g
            v[i] *= b2
            v[i] += (1 - b2) * g * g
            p -= (lr * c1) * m[i] / (np.sqrt(v[i] * c2) + eps)
    seconds = time.perf_counter() - t0
    h = xt
    for k in range(3):
        h = h @ W[k] + b[k]
        if k < 2:
            h = np.tanh(h)
    accuracy = float((h.argmax(axis=1) == lt).mean())
    out = {"seconds": seconds, "test_accuracy": accuracy, "numpy": np.__version__, "blas": blas_library(),
           "threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset")}
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
