"""The reference side of the bench's "snn" section: PyTorch training the spiking network of compare-snn
with surrogate-gradient BPTT on CPU, timed on the same machine in the same run:

    784 Poisson inputs (MNIST pixels x 200 Hz x 1 ms) -> 200 LIF neurons (tau 20 ms, threshold 1, reset by
    subtraction, triangle pseudo-derivative 0.3 max(0, 1 - |u|)) -> 10 leaky readout units (tau 20 ms);
    cross-entropy at every step; Adam (lr 1e-3), batch 64, T steps.

The equations are those of src/snn/spiking-network.ts, written independently here with autograd doing the
backward pass. It trains on the first N MNIST training images, a few warm-up batches first, and prints the
training samples per second of the timed batches (encoding, forward, backward, Adam step). One thread;
--dtype float32 (PyTorch's default) or float64 (plasticity's arithmetic).

    /usr/bin/python3 test/bench/torch/snn_train.py --json --dtype float32 --steps 30
"""
import argparse
import json
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from mnist_idx import idx  # noqa: E402


class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u >= 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        return grad * 0.3 * torch.clamp(1 - u.abs(), min=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--samples", type=int, default=1280)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    images = torch.tensor(idx("train-images-idx3-ubyte")[: args.samples].reshape(-1, 784) / 255.0, dtype=dtype)
    labels = torch.tensor(idx("train-labels-idx1-ubyte")[: args.samples].astype("int64"))
    I, N, K, B, T = 784, 200, 10, 64, args.steps
    alpha = kappa = math.exp(-1 / 20)
    w_in = (torch.randn(I, N, dtype=dtype) * 3 / math.sqrt(I)).requires_grad_()
    w_out = (torch.randn(N, K, dtype=dtype) / math.sqrt(N)).requires_grad_()
    b_out = torch.zeros(K, dtype=dtype, requires_grad=True)
    opt = torch.optim.Adam([w_in, w_out, b_out], lr=1e-3)

    def step(x, y):
        spikes = (torch.rand(T, x.shape[0], I, dtype=dtype) < x * 0.2).to(dtype)
        v = torch.zeros(x.shape[0], N, dtype=dtype)
        z = torch.zeros_like(v)
        out = torch.zeros(x.shape[0], K, dtype=dtype)
        loss = 0
        for t in range(T):
            v = alpha * v + spikes[t] @ w_in - z
            z = Spike.apply(v - 1)
            out = kappa * out + z @ w_out + b_out
            loss = loss + torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        (loss / T).backward()
        opt.step()

    batches = [(images[s: s + B], labels[s: s + B]) for s in range(0, args.samples, B)]
    for x, y in batches[: args.warmup]:
        step(x, y)
    t0 = time.perf_counter()
    for x, y in batches:
        step(x, y)
    seconds = time.perf_counter() - t0
    result = {"samples_per_second": args.samples / seconds, "torch": torch.__version__}
    print(json.dumps(result) if args.json else result)


if __name__ == "__main__":
    main()
