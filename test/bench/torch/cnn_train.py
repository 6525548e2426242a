"""The reference side of the bench's "cnn" section: PyTorch training the network of the mnist-cnn
experiment (the classic Keras MNIST example) on CPU, so the two are timed on the same machine in the
same run:

    Conv2d 1->32 3x3, ReLU, MaxPool 2, Conv2d 32->64 3x3, ReLU, MaxPool 2, Flatten, Linear 1600->64, ReLU,
    Linear 64->10, softmax cross-entropy; Adam (lr 1e-3), batch 128.

It trains on the first N MNIST training images (shuffled), a few warm-up batches first, and prints the
training samples per second of the timed batches (forward, backward, Adam step; nothing else). One thread
unless --threads says otherwise; --dtype float32 (PyTorch's default) or float64 (plasticity's arithmetic).

    /usr/bin/python3 test/bench/torch/cnn_train.py --json --dtype float32

(apt-get install python3-torch; the `python3` first on PATH may be another install without it.)
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from mnist_idx import idx  # noqa: E402  (the shared reader of the reference scripts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--samples", type=int, default=6400)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    dtype = getattr(torch, args.dtype)
    n = args.samples
    x = torch.tensor(idx("train-images-idx3-ubyte")[:n].reshape(n, 1, 28, 28) / 255.0, dtype=dtype)
    y = torch.tensor(idx("train-labels-idx1-ubyte")[:n].astype(np.int64))
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10),
    ).to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batch = 128

    def step(i):
        xb, yb = x[i:i + batch], y[i:i + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    order = torch.randperm(n)
    x, y = x[order].contiguous(), y[order].contiguous()
    for k in range(args.warmup):
        step((k * batch) % max(1, n - batch))
    t0 = time.perf_counter()
    seen = 0
    for i in range(0, n - batch + 1, batch):
        step(i)
        seen += batch
    seconds = time.perf_counter() - t0
    out = {"samples_per_second": seen / seconds, "seconds": seconds, "samples": seen, "dtype": args.dtype,
           "threads": args.threads, "torch": torch.__version__}
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
