#!/usr/bin/env python3
"""Reference values for the convolution and pooling kernels (src/kernels/conv.ts, pool.ts), from PyTorch.

    /usr/bin/python3 test/bench/torch/conv_reference.py > test/kernels/reference/conv-torch.json

Inputs are made from a fixed formula (no random generator to match across languages): x[i] = sin(0.37 i + 0.1),
w[i] = cos(0.53 i) / 3, upstream gradient r[i] = sin(0.71 i + 0.3), all float64. For each case it records
the forward output, and the gradients of sum(r * output) with respect to the input, the weights and the bias,
as computed by torch.nn.functional (cross-correlation, PyTorch's padding). 'same' padding is given as
explicit zero padding (top/left = total // 2, as TensorFlow splits it), since PyTorch 1.13 has no 'same'
for strided convolutions.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def seq(n, f):
    return torch.tensor([f(i) for i in range(n)], dtype=torch.float64)


def conv_case(batch, c, h, w, filters, k, stride, padding):
    x = seq(batch * c * h * w, lambda i: math.sin(0.37 * i + 0.1)).reshape(batch, c, h, w).requires_grad_()
    wt = seq(filters * c * k * k, lambda i: math.cos(0.53 * i) / 3).reshape(filters, c, k, k).requires_grad_()
    b = seq(filters, lambda i: 0.1 * i - 0.2).requires_grad_()
    if padding == 'same':
        oh, ow = -(-h // stride), -(-w // stride)
        ph, pw = max((oh - 1) * stride + k - h, 0), max((ow - 1) * stride + k - w, 0)
        xp = F.pad(x, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2))
    else:
        xp = x
    y = F.conv2d(xp, wt, b, stride=stride)
    r = seq(y.numel(), lambda i: math.sin(0.71 * i + 0.3)).reshape(y.shape)
    (y * r).sum().backward()
    return {
        'kind': 'conv', 'batch': batch, 'input': [c, h, w], 'filters': filters, 'kernel': k, 'stride': stride, 'padding': padding,
        'output': list(y.shape[1:]), 'y': y.detach().flatten().tolist(), 'dx': x.grad.flatten().tolist(),
        'dw': wt.grad.flatten().tolist(), 'db': b.grad.tolist(),
    }


def pool_case(kind, batch, c, h, w, size, stride):
    x = seq(batch * c * h * w, lambda i: math.sin(0.37 * i + 0.1)).reshape(batch, c, h, w).requires_grad_()
    y = (F.max_pool2d if kind == 'max' else F.avg_pool2d)(x, size, stride)
    r = seq(y.numel(), lambda i: math.sin(0.71 * i + 0.3)).reshape(y.shape)
    (y * r).sum().backward()
    return {'kind': kind, 'batch': batch, 'input': [c, h, w], 'size': size, 'stride': stride, 'output': list(y.shape[1:]),
            'y': y.detach().flatten().tolist(), 'dx': x.grad.flatten().tolist()}


cases = [
    conv_case(2, 1, 28, 28, 4, 3, 1, 'valid'),
    conv_case(2, 3, 9, 7, 5, 3, 2, 'same'),
    conv_case(1, 6, 14, 14, 16, 5, 1, 'valid'),
    conv_case(2, 2, 8, 8, 3, 5, 1, 'same'),
    conv_case(1, 33, 5, 5, 3, 3, 1, 'same'),
    pool_case('max', 2, 3, 6, 6, 2, 2),
    pool_case('max', 1, 2, 7, 5, 3, 2),
    pool_case('avg', 2, 3, 6, 6, 2, 2),
    pool_case('avg', 1, 2, 7, 5, 3, 2),
]
json.dump({'generator': 'test/bench/torch/conv_reference.py', 'torch': torch.__version__, 'cases': cases}, sys.stdout)
sys.stdout.write('\n')
