#!/usr/bin/env python3
"""Reference gradients for BPTT through the trainable spiking networks of src/snn, from PyTorch autograd.

    /usr/bin/python3 test/bench/torch/snn_reference.py > test/snn/reference/bptt-torch.json

The network is the one src/snn/spiking-network.ts describes (Bellec et al. 2020's discrete-time LIF / ALIF
layer, feed-forward or recurrent, leaky readout), written here independently in torch float64:
    v_t = alpha v_{t-1} + x_t W_in + z_{t-1} W_rec - theta z_{t-1}     (z_{t-1} detached in the reset if asked)
    a_t = rho a_{t-1} + z_{t-1};  A_t = theta + beta a_t
    z_t = spike((v_t - A_t) / theta)   (Heaviside with a surrogate derivative, or a smooth sigmoid)
    y_t = kappa y_{t-1} + z_t W_out + b
loss = mean over the window's steps and the batch of cross-entropy(softmax(y_t), label). Autograd gives the
gradient; the surrogate is a custom autograd Function. Inputs and weights come from fixed formulas (no random
generator to match across languages): spikes x[i] = 1 where sin(1.3 i + 0.2) > 0.4.
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def seq(n, f):
    return torch.tensor([f(i) for i in range(n)], dtype=torch.float64)


class Spike(torch.autograd.Function):
    """Heaviside forward; backward multiplies by the named surrogate of u = (v - A) / theta (d z / d u)."""

    @staticmethod
    def forward(ctx, u, name, height, width):
        ctx.save_for_backward(u)
        ctx.name, ctx.height, ctx.width = name, height, width
        return (u >= 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        r = u.abs() / ctx.width
        if ctx.name == 'triangle':
            d = ctx.height * torch.clamp(1 - r, min=0)
        elif ctx.name == 'fast-sigmoid':
            d = ctx.height / (1 + r) ** 2
        else:
            d = ctx.height * torch.exp(-r)
        return grad * d, None, None, None


def run_case(neuron, recurrent, spike, detach_reset, I=5, N=6, K=3, T=25, B=3, loss_from=8):
    tau_mem, tau_adapt, tau_out, beta, theta, dt = 5.0, 12.0, 4.0, 0.6, 0.7, 1.0
    alpha, rho, kappa = math.exp(-dt / tau_mem), math.exp(-dt / tau_adapt), math.exp(-dt / tau_out)
    if neuron == 'lif':
        beta = 0.0
    x = seq(T * B * I, lambda i: 1.0 if math.sin(1.3 * i + 0.2) > 0.4 else 0.0).reshape(T, B, I)
    labels = [b % K for b in range(B)]
    win = seq(I * N, lambda i: 0.9 * math.sin(0.37 * i + 0.1)).reshape(I, N).requires_grad_()
    wrec = None
    if recurrent:
        w = seq(N * N, lambda i: 0.4 * math.cos(0.53 * i)).reshape(N, N)
        w.fill_diagonal_(0)
        wrec = w.requires_grad_()
    wout = seq(N * K, lambda i: 0.5 * math.sin(0.71 * i + 0.3)).reshape(N, K).requires_grad_()
    bout = seq(K, lambda k: 0.1 * k - 0.1).requires_grad_()
    v, a, z, y = torch.zeros(B, N), torch.zeros(B, N), torch.zeros(B, N), torch.zeros(B, K)
    loss = 0.0
    target = torch.tensor(labels)
    for t in range(T):
        cur = x[t] @ win
        if recurrent:
            cur = cur + z @ wrec
        reset = z.detach() if detach_reset else z
        v = alpha * v + cur - theta * reset
        a = rho * a + z
        u = (v - (theta + beta * a)) / theta
        if spike['kind'] == 'sigmoid':
            z = torch.sigmoid(u / spike['width'])
        else:
            z = Spike.apply(u, spike['surrogate'], spike['height'], spike['width'])
        y = kappa * y + z @ wout + bout
        if t + 1 >= loss_from:
            loss = loss + torch.nn.functional.cross_entropy(y, target, reduction='sum')
    loss = loss / ((T - loss_from + 1) * B)
    loss.backward()
    case = {
        'neuron': neuron, 'recurrent': recurrent, 'spike': spike, 'detachReset': detach_reset,
        'inputSize': I, 'size': N, 'outputSize': K, 'steps': T, 'batch': B, 'lossFrom': loss_from,
        'tauMem': tau_mem, 'tauAdapt': tau_adapt, 'readoutTau': tau_out, 'adaptation': 0.6, 'threshold': theta, 'dt': dt,
        'inputs': x.flatten().tolist(), 'labels': labels,
        'weights': {'input': win.detach().flatten().tolist(), 'readout': wout.detach().flatten().tolist(), 'readout bias': bout.detach().tolist()},
        'loss': loss.item(),
        'gradients': {'input': win.grad.flatten().tolist(), 'readout': wout.grad.flatten().tolist(), 'readout bias': bout.grad.tolist()},
    }
    if recurrent:
        g = wrec.grad.clone()
        g.fill_diagonal_(0)  # no self-connections: the diagonal is not a parameter
        case['weights']['recurrent'] = wrec.detach().flatten().tolist()
        case['gradients']['recurrent'] = g.flatten().tolist()
    return case


triangle = {'kind': 'heaviside', 'surrogate': 'triangle', 'height': 0.3, 'width': 1.0}
cases = [
    run_case('lif', False, triangle, False),
    run_case('lif', False, triangle, True),
    run_case('lif', True, {'kind': 'heaviside', 'surrogate': 'fast-sigmoid', 'height': 1.0, 'width': 0.1}, False),
    run_case('alif', True, {'kind': 'heaviside', 'surrogate': 'exponential', 'height': 0.3, 'width': 0.5}, True),
    run_case('alif', True, triangle, False),
    run_case('alif', False, {'kind': 'sigmoid', 'width': 0.2}, False),
]
json.dump({'torch': torch.__version__, 'cases': cases}, sys.stdout)
sys.stdout.write('\n')
