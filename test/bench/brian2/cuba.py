#!/usr/bin/python3
"""CUBA benchmark (Vogels & Abbott 2005; Brette et al. 2007, benchmark 2) in Brian2.

Reference implementation for the plasticity simulator, written to match the
model of Brian2's own CUBA example:

  * N neurons, the first 80 % excitatory, the rest inhibitory.
  * Leaky integrate-and-fire with exponentially decaying synaptic *voltages*:
        taum dv/dt  = ge + gi - (v - El)       (v clamped while refractory)
        taue dge/dt = -ge
        taui dgi/dt = -gi                      (ge, gi keep decaying while refractory)
    taum 20 ms, taue 5 ms, taui 10 ms, El -49 mV, threshold v > Vt = -50 mV,
    reset v = Vr = -60 mV, refractory 5 ms; integrated with method 'exact'.
  * Synapses: every (pre, post) pair is connected independently with
    p = 80/N (0.02 at N = 4000), autapses allowed. An excitatory spike adds
    we = 60*0.27/10 mV = 1.62 mV to ge, an inhibitory one adds
    wi = -20*4.5/10 mV = -9 mV to gi. No delay: Brian2's default delay is 0,
    so a spike emitted (threshold crossed) in time step n is added to ge/gi in
    the 'synapses' slot of the *same* step n, after the state update and
    threshold and before reset; it first changes v in the state update of
    step n+1.
  * Initial state: v = Vr + rand()*(Vt - Vr), i.e. uniform on [-60, -50) mV,
    independently per neuron; ge = gi = 0.
  * dt = 0.1 ms, 1 s of biological time by default.

Usage:  /usr/bin/python3 test/bench/brian2/cuba.py --N 4000 --seed 1 --json
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the repo free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  (also records the process start time)

MODEL = {
    'name': 'CUBA',
    'source': "Brian2 CUBA example (Vogels & Abbott 2005 / Brette et al. 2007 benchmark 2)",
    'taum_ms': 20.0, 'taue_ms': 5.0, 'taui_ms': 10.0,
    'Vt_mV': -50.0, 'Vr_mV': -60.0, 'El_mV': -49.0, 'refractory_ms': 5.0,
    'we_mV': 60 * 0.27 / 10, 'wi_mV': -20 * 4.5 / 10,
    'p': '80/N', 'autapses': True, 'delay_ms': 0.0,
    'method': 'exact', 'v_init': 'Vr + rand()*(Vt-Vr)', 'g_init': 0.0,
    'threshold': 'v > Vt (and not refractory)',
    'refractory_clamps': 'v only',
}


def build(b2, args):
    ms, mV = b2.ms, b2.mV
    N = args.N
    Ne = int(0.8 * N)
    ns = {
        'taum': 20 * ms, 'taue': 5 * ms, 'taui': 10 * ms,
        'Vt': -50 * mV, 'Vr': -60 * mV, 'El': -49 * mV,
        'we': (60 * 0.27 / 10) * mV, 'wi': (-20 * 4.5 / 10) * mV,
        'Ne': Ne, 'p_conn': 80.0 / N,
    }
    eqs = '''
    dv/dt  = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt
    '''
    G = b2.NeuronGroup(N, eqs, threshold='v > Vt', reset='v = Vr',
                       refractory=5 * ms, method='exact', namespace=ns, name='cuba')
    G.v = 'Vr + rand() * (Vt - Vr)'
    G.ge = 0 * mV
    G.gi = 0 * mV
    exc = b2.Synapses(G, G, on_pre='ge += we', namespace=ns, name='exc')
    inh = b2.Synapses(G, G, on_pre='gi += wi', namespace=ns, name='inh')
    exc.connect('i < Ne', p=ns['p_conn'])
    inh.connect('i >= Ne', p=ns['p_conn'])
    mon = b2.SpikeMonitor(G, name='spikes')
    net = b2.Network(G, exc, inh, mon)
    return {'net': net, 'spikemon': mon, 'Ne': Ne, 'synapses': [exc, inh]}


if __name__ == '__main__':
    args = harness.parse_args(__doc__.splitlines()[0]).parse_args()
    harness.run_model(args, build, MODEL)
