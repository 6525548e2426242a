#!/usr/bin/python3
"""Song, Miller & Abbott (2000) STDP network in Brian2 (as in Brian2's examples/synapses/STDP.py).

Reference implementation for the plasticity simulator. The model:

  * N = 1000 independent Poisson inputs at 15 Hz (PoissonGroup: in each step
    an input spikes if rand() < 15 Hz * dt).
  * One conductance-based leaky integrate-and-fire neuron, with ge
    dimensionless (in units of the leak conductance):
        taum dv/dt  = ge (Ee - v) + El - v
        taue dge/dt = -ge
    taum 10 ms, taue 5 ms, El -74 mV, Ee 0 mV, threshold v > vt = -54 mV,
    reset v = vr = -60 mV, no refractory period; method 'euler' (forward
    Euler, the method the Brian2 example names). Initial state v = 0 mV,
    ge = 0: the example leaves v at Brian2's default of 0, so the neuron
    spikes in the very first step (use --v0-mV to change this).
  * All-to-all synapses input -> neuron, initial w = rand() * gmax,
    gmax = 0.01, no delay. Additive STDP with event-driven traces
    Apre (taupre 20 ms) and Apost (taupost 20 ms), both starting at 0:
        dApre  = 0.01 * gmax
        dApost = -dApre * taupre / taupost * 1.05
        on_pre:  ge += w; Apre += dApre; w = clip(w + Apost, 0, gmax)
        on_post: Apost += dApost; w = clip(w + Apre, 0, gmax)
    Both pathways run in the 'synapses' slot of the step in which the spike
    is detected; the pre pathway first (order -1), then the post pathway
    (order +1). ge += w therefore first changes v in the next step.
  * --no-plasticity: the same network (same initial weights and, for the
    same seed and target, the same input spike trains) with fixed weights:
    on_pre is just ge += w and there are no traces.
  * dt = 0.1 ms, 100 s of biological time by default.

Reported: the output neuron's rate over the whole run, in the first and in
the last --window-s seconds (default 10), the final weight distribution
(fractions below 0.1 gmax and above 0.9 gmax, exactly 0 and exactly gmax,
mean, 10-bin histogram of w/gmax on [0, 1]) and the timings of harness.py.

Usage:  /usr/bin/python3 test/bench/brian2/stdp_song2000.py --seed 1 --json
        /usr/bin/python3 test/bench/brian2/stdp_song2000.py --seed 1 --no-plasticity
"""
import os
import platform
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the repo free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  (also records the process start time)

PARAMS = {
    'rate_in_hz': 15.0,
    'taum_ms': 10.0, 'taue_ms': 5.0,
    'El_mV': -74.0, 'Ee_mV': 0.0, 'vt_mV': -54.0, 'vr_mV': -60.0,
    'refractory_ms': 0.0,
    'gmax': 0.01, 'taupre_ms': 20.0, 'taupost_ms': 20.0,
    'dApre_over_gmax': 0.01, 'dApost_over_dApre': -1.05,  # times taupre/taupost (= 1)
    'w_init': 'uniform [0, gmax)', 'delay_ms': 0.0, 'method': 'euler',
}


def build(b2, args):
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    P = PARAMS
    gmax = P['gmax']
    dApre = P['dApre_over_gmax'] * gmax
    ns = {
        'taum': P['taum_ms'] * ms, 'taue': P['taue_ms'] * ms,
        'El': P['El_mV'] * mV, 'Ee': P['Ee_mV'] * mV,
        'vt': P['vt_mV'] * mV, 'vr': P['vr_mV'] * mV,
        'gmax': gmax, 'taupre': P['taupre_ms'] * ms, 'taupost': P['taupost_ms'] * ms,
        'dApre': dApre,
        'dApost': -dApre * P['taupre_ms'] / P['taupost_ms'] * 1.05,
    }
    inputs = b2.PoissonGroup(args.N, rates=P['rate_in_hz'] * Hz, name='inputs')
    neuron = b2.NeuronGroup(
        1,
        '''
        dv/dt = (ge * (Ee - v) + El - v) / taum : volt
        dge/dt = -ge / taue : 1
        ''',
        threshold='v > vt', reset='v = vr', method=P['method'],
        namespace=ns, name='neuron')
    neuron.v = args.v0_mV * mV
    if args.no_plasticity:
        S = b2.Synapses(inputs, neuron, model='w : 1', on_pre='ge += w',
                        namespace=ns, name='syn')
    else:
        S = b2.Synapses(
            inputs, neuron,
            model='''
            w : 1
            dApre/dt = -Apre / taupre : 1 (event-driven)
            dApost/dt = -Apost / taupost : 1 (event-driven)
            ''',
            on_pre='''
            ge += w
            Apre += dApre
            w = clip(w + Apost, 0, gmax)
            ''',
            on_post='''
            Apost += dApost
            w = clip(w + Apre, 0, gmax)
            ''',
            namespace=ns, name='syn')
    S.connect()
    S.w = 'rand() * gmax'
    mon = b2.SpikeMonitor(neuron, name='out_spikes')
    net = b2.Network(inputs, neuron, S, mon)
    return {'net': net, 'spikemon': mon, 'synapses': S}


def run(args):
    """Same timing scheme as harness.run_model; analysis specific to this model."""
    b2, t_import = harness.load_brian(args.target, args.openmp_threads)
    import numpy as np

    b2.defaultclock.dt = args.dt_ms * b2.ms
    b2.seed(args.seed)
    np.random.seed(args.seed)

    cpu0 = harness._cpu()
    t0 = time.perf_counter()
    m = build(b2, args)
    t_setup = time.perf_counter() - t0
    cpu1 = harness._cpu()
    timing = {'import_s': t_import, 'setup_s': t_setup,
              'setup_cpu_s': cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]}
    duration = args.duration_ms * b2.ms
    directory = None
    own_dir = False
    try:
        if args.target != 'cpp_standalone':
            t0 = time.perf_counter()
            m['net'].run(duration)
            t_run = time.perf_counter() - t0
            cpu2 = harness._cpu()
            loop = float(b2.device._last_run_time)
            timing.update({
                'run_s': t_run,
                'run_cpu_s': cpu2[0] - cpu1[0] + cpu2[1] - cpu1[1],
                'loop_s': loop,
                'run_prepare_s': t_run - loop,
            })
            timing['total_s'] = t_setup + t_run
        else:
            t0 = time.perf_counter()
            m['net'].run(duration)  # standalone: records the run, no simulation
            t_record = time.perf_counter() - t0
            own_dir = args.build_dir is None
            directory = tempfile.mkdtemp(prefix='b2_standalone_') if own_dir else args.build_dir
            t0 = time.perf_counter()
            b2.device.build(directory=directory, compile=True, run=False, with_output=False)
            t_codegen_compile = time.perf_counter() - t0
            cpu2 = harness._cpu()
            t0 = time.perf_counter()
            b2.device.run(directory, with_output=False, run_args=[])
            t_binary = time.perf_counter() - t0
            cpu3 = harness._cpu()
            make = b2.device.timers['compile']['make']
            timing.update({
                'record_run_s': t_record,
                'codegen_s': t_codegen_compile - (make or 0.0),
                'compile_s': make,
                'binary_s': b2.device.timers['run_binary'],
                'binary_cpu_s': cpu3[1] - cpu2[1],
                'loop_s': float(b2.device._last_run_time),  # std::clock() CPU time unless OpenMP
                'run_plus_load_s': t_binary,
            })
            timing['run_s'] = timing['loop_s']
            timing['total_s'] = t_setup + t_record + t_codegen_compile + t_binary
        # Read everything back while a standalone results directory still exists.
        t_sp = np.asarray(m['spikemon'].t[:] / b2.second, dtype=np.float64)
        w = np.asarray(m['synapses'].w[:], dtype=np.float64)
        n_syn = int(len(m['synapses']))
    finally:
        if own_dir:
            shutil.rmtree(directory, ignore_errors=True)

    T = args.duration_ms * 1e-3
    win = min(args.window_s, T)
    gmax = PARAMS['gmax']
    x = w / gmax
    hist, _ = np.histogram(x, bins=10, range=(0.0, 1.0))  # last bin includes w = gmax
    timing['end_to_end_s'] = time.perf_counter() - harness.T_PROCESS_START
    result = {
        'model': {'name': 'Song2000-STDP',
                  'source': 'Brian2 example synapses/STDP.py (Song, Miller & Abbott 2000)',
                  **PARAMS, 'plasticity': not args.no_plasticity, 'v0_mV': args.v0_mV},
        'inputs': args.N, 'seed': args.seed, 'duration_s': T, 'dt_ms': args.dt_ms,
        'target': args.target,
        'openmp_threads': args.openmp_threads if args.target == 'cpp_standalone' else None,
        'plasticity': not args.no_plasticity,
        'synapses': n_syn,
        'out_spikes': int(len(t_sp)),
        'rate_hz': len(t_sp) / T,
        'window_s': win,
        'rate_first_hz': float(np.sum(t_sp < win)) / win,
        'rate_last_hz': float(np.sum(t_sp >= T - win - 1e-9)) / win,
        'first_spike_ms': float(t_sp[0] * 1e3) if len(t_sp) else None,
        'frac_w_below_0.1gmax': float(np.mean(x < 0.1)),
        'frac_w_above_0.9gmax': float(np.mean(x > 0.9)),
        'frac_w_zero': float(np.mean(w == 0.0)),
        'frac_w_gmax': float(np.mean(w == gmax)),
        'w_mean_over_gmax': float(x.mean()),
        'hist10_w_over_gmax': hist.tolist(),
        'timing': timing,
        'env': {'brian2': b2.__version__, 'numpy': np.__version__,
                'python': platform.python_version(), 'nproc': os.cpu_count(),
                'loadavg_1m_at_end': os.getloadavg()[0]},
    }
    if args.rates:
        nb = int(np.ceil(T - 1e-9))
        counts, _ = np.histogram(t_sp, bins=nb, range=(0.0, float(nb)))
        result['rate_hist_1s_hz'] = counts.tolist()  # spikes per 1 s bin = Hz (last bin may be partial)
    if args.spikes:
        result['spikes_t_ms'] = np.round(t_sp * 1e3, 4).tolist()
    emit(result, args.json)
    return result


def emit(result, as_json):
    if as_json:
        harness.emit(result, True)
        return
    r = result
    print(f"{r['model']['name']}  inputs={r['inputs']} seed={r['seed']} target={r['target']} "
          f"T={r['duration_s']} s dt={r['dt_ms']} ms plasticity={'on' if r['plasticity'] else 'off'}")
    print(f"  synapses            {r['synapses']}")
    print(f"  output rate         {r['rate_hz']:.3f} Hz  (first {r['window_s']:g} s "
          f"{r['rate_first_hz']:.3f} Hz, last {r['window_s']:g} s {r['rate_last_hz']:.3f} Hz)")
    print(f"  w < 0.1 gmax        {r['frac_w_below_0.1gmax']:.4f}  (w = 0: {r['frac_w_zero']:.4f})")
    print(f"  w > 0.9 gmax        {r['frac_w_above_0.9gmax']:.4f}  (w = gmax: {r['frac_w_gmax']:.4f})")
    print(f"  mean w / gmax       {r['w_mean_over_gmax']:.4f}")
    print(f"  hist10 w/gmax       {' '.join(str(c) for c in r['hist10_w_over_gmax'])}")
    for k, v in r['timing'].items():
        print(f"  {k:<19} {v:.4f} s" if isinstance(v, float) else f"  {k:<19} {v}")
    if 'rate_hist_1s_hz' in r:
        print('  output rate (1 s bins, Hz):')
        h = r['rate_hist_1s_hz']
        for k in range(0, len(h), 20):
            print('   ' + ' '.join(f'{c:4d}' for c in h[k:k + 20]))


if __name__ == '__main__':
    ap = harness.parse_args(__doc__.splitlines()[0], default_N=1000)
    for a in ap._actions:  # reuse the harness options; --N means something else here
        if a.dest == 'N':
            a.help = 'number of Poisson inputs; default %(default)s'
        elif a.dest == 'duration_ms':
            a.default = None
            a.help = 'biological time in ms (alternative to --duration-s)'
        elif a.dest == 'rates':
            a.help = 'also output the output neuron\'s rate in 1 s bins (Hz)'
        elif a.dest == 'spikes':
            a.help = 'also output the output neuron\'s spike times (ms) in the JSON'
    ap.add_argument('--duration-s', type=float, default=None,
                    help='biological time in s; default 100')
    ap.add_argument('--no-plasticity', action='store_true',
                    help='fixed weights (same network and initial weights, no STDP)')
    ap.add_argument('--window-s', type=float, default=10.0,
                    help='length of the first/last windows for the rates; default %(default)s')
    ap.add_argument('--v0-mV', type=float, default=0.0,
                    help='initial membrane potential in mV; default %(default)s (as in the '
                         'Brian2 example, which leaves v at 0)')
    args = ap.parse_args()
    if args.duration_s is not None and args.duration_ms is not None:
        ap.error('give --duration-s or --duration-ms, not both')
    if args.duration_ms is None:
        args.duration_ms = 1e3 * (args.duration_s if args.duration_s is not None else 100.0)
    run(args)
