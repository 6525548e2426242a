#!/usr/bin/python3
"""COBA benchmark (ANNarchy variant of Brette et al. 2007, benchmark 1) in Brian2.

Reference implementation for the plasticity simulator. Model (all voltages in
mV, conductances dimensionless in units of the leak conductance):

  * N neurons, the first 80 % excitatory, the rest inhibitory.
  * Conductance-based leaky integrate-and-fire with constant drive:
        taum dv/dt  = (El - v) + ge (Ee - v) + gi (Ei - v) + I   (v clamped while refractory)
        taue dge/dt = -ge
        taui dgi/dt = -gi                                          (ge, gi keep decaying while refractory)
    taum 20 ms, taue 5 ms, taui 10 ms, El -60 mV, Ee 0 mV, Ei -80 mV,
    I = 20 mV, threshold v > Vt = -50 mV, reset v = Vr = -60 mV,
    refractory 5 ms.
  * Integration: --method euler (default; ANNarchy's default explicit Euler)
    or exponential_euler.
  * Synapses: every (pre, post) pair is connected independently with
    p = 80/N (0.02 at N = 4000); autapses allowed unless --no-autapses.
    An excitatory spike adds we = 0.6 to ge, an inhibitory one wi = 6.7 to gi.
    No delay (Brian2 default 0): a spike emitted in step n is added to ge/gi
    in the same step n (after state update + threshold, before reset) and
    first affects v in the state update of step n+1.
  * Initial state (independent per neuron): v ~ N(-55, 5) mV,
    ge ~ N(4, 1.5), gi ~ N(20, 12). Not clipped by default (as in ANNarchy's
    Normal(); ~5 % of gi and ~0.4 % of ge start negative); --clip-init clips
    negative ge/gi to 0.
  * dt = 0.1 ms, 1 s of biological time by default.

Usage:  /usr/bin/python3 test/bench/brian2/coba.py --N 4000 --seed 1 --json
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the repo free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  (also records the process start time)


def build(b2, args):
    ms, mV = b2.ms, b2.mV
    N = args.N
    Ne = int(0.8 * N)
    ns = {
        'taum': 20 * ms, 'taue': 5 * ms, 'taui': 10 * ms,
        'El': -60 * mV, 'Ee': 0 * mV, 'Ei': -80 * mV, 'I': 20 * mV,
        'Vt': -50 * mV, 'Vr': -60 * mV,
        'we': 0.6, 'wi': 6.7, 'Ne': Ne, 'p_conn': 80.0 / N,
    }
    eqs = '''
    dv/dt  = ((El - v) + ge * (Ee - v) + gi * (Ei - v) + I) / taum : volt (unless refractory)
    dge/dt = -ge / taue : 1
    dgi/dt = -gi / taui : 1
    '''
    G = b2.NeuronGroup(N, eqs, threshold='v > Vt', reset='v = Vr',
                       refractory=5 * ms, method=args.method, namespace=ns, name='coba')
    G.v = '-55*mV + 5*mV * randn()'
    if args.clip_init:
        G.ge = 'clip(4 + 1.5 * randn(), 0, inf)'
        G.gi = 'clip(20 + 12 * randn(), 0, inf)'
    else:
        G.ge = '4 + 1.5 * randn()'
        G.gi = '20 + 12 * randn()'
    exc = b2.Synapses(G, G, on_pre='ge += we', namespace=ns, name='exc')
    inh = b2.Synapses(G, G, on_pre='gi += wi', namespace=ns, name='inh')
    cond = ' and i != j' if args.no_autapses else ''
    exc.connect('i < Ne' + cond, p=ns['p_conn'])
    inh.connect('i >= Ne' + cond, p=ns['p_conn'])
    mon = b2.SpikeMonitor(G, name='spikes')
    net = b2.Network(G, exc, inh, mon)
    return {'net': net, 'spikemon': mon, 'Ne': Ne, 'synapses': [exc, inh]}


if __name__ == '__main__':
    ap = harness.parse_args(__doc__.splitlines()[0])
    ap.add_argument('--method', choices=['euler', 'exponential_euler'], default='euler',
                    help='Brian2 integration method; default %(default)s')
    ap.add_argument('--clip-init', action='store_true',
                    help='clip negative initial ge/gi to 0 (default: no clipping)')
    ap.add_argument('--no-autapses', action='store_true',
                    help='exclude i == j connections (default: allowed, as in Brian2 examples)')
    args = ap.parse_args()
    model = {
        'name': 'COBA',
        'source': 'ANNarchy COBA benchmark (Brette et al. 2007 benchmark 1 variant)',
        'taum_ms': 20.0, 'taue_ms': 5.0, 'taui_ms': 10.0,
        'El_mV': -60.0, 'Ee_mV': 0.0, 'Ei_mV': -80.0, 'I_mV': 20.0,
        'Vt_mV': -50.0, 'Vr_mV': -60.0, 'refractory_ms': 5.0,
        'we': 0.6, 'wi': 6.7, 'p': '80/N', 'autapses': not args.no_autapses,
        'delay_ms': 0.0, 'method': args.method,
        'v_init': 'N(-55, 5) mV', 'ge_init': 'N(4, 1.5)', 'gi_init': 'N(20, 12)',
        'clip_init': args.clip_init,
        'threshold': 'v > Vt (and not refractory)', 'refractory_clamps': 'v only',
    }
    harness.run_model(args, build, model)
