"""Shared harness for the Brian2 reference benchmarks (cuba.py, coba.py).

This module is imported by the model scripts; it is not a benchmark by
itself. It handles: command-line options, choosing the Brian2 code-generation
target / device, seeding, timing (setup vs. run, wall and CPU), spike
statistics, and printing (human-readable or a single JSON object).

Run the scripts with the system interpreter that has Debian's python3-brian:

    /usr/bin/python3 test/bench/brian2/cuba.py --N 4000 --seed 1 --json
"""
import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time

T_PROCESS_START = time.perf_counter()


def parse_args(description, default_N=4000):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument('--N', type=int, default=default_N,
                    help='number of neurons (80%% exc, 20%% inh); default %(default)s')
    ap.add_argument('--seed', type=int, default=1,
                    help='seed for brian2.seed() and numpy.random.seed(); default %(default)s')
    ap.add_argument('--duration-ms', type=float, default=1000.0,
                    help='biological time to simulate in ms; default %(default)s')
    ap.add_argument('--dt-ms', type=float, default=0.1,
                    help='integration step in ms; default %(default)s')
    ap.add_argument('--target', choices=['cython', 'numpy', 'cpp_standalone'],
                    default='cython', help='Brian2 code generation target; default %(default)s')
    ap.add_argument('--build-dir', default=None,
                    help='cpp_standalone project directory (default: a fresh temporary '
                         'directory, deleted afterwards, so every run compiles from scratch)')
    ap.add_argument('--openmp-threads', type=int, default=0,
                    help='cpp_standalone only: OpenMP threads (0 = OpenMP off, the default). '
                         'With OpenMP on, Brian2 times the loop with omp_get_wtime (wall) '
                         'instead of std::clock (CPU)')
    ap.add_argument('--json', action='store_true',
                    help='print exactly one JSON object on stdout')
    ap.add_argument('--rates', action='store_true',
                    help='also output the population rate histogram (1 ms bins, Hz)')
    ap.add_argument('--spikes', action='store_true',
                    help='also output all spikes (neuron index, time in ms) in the JSON')
    return ap


def _cpu():
    """(self user+sys, children user+sys) CPU seconds."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def load_brian(target, openmp_threads=0):
    """Import brian2 and configure target/device. Returns (brian2 module, import seconds)."""
    import warnings
    # Debian's pythran (pulled in via sympy/brian2) emits numpy FutureWarnings on import.
    warnings.filterwarnings('ignore', category=FutureWarning, module='pythran')
    t0 = time.perf_counter()
    import brian2
    import numpy as np  # noqa: F401
    t_import = time.perf_counter() - t0
    # Keep stdout clean for --json: Brian2 logs to stderr/file only.
    brian2.prefs.logging.console_log_level = 'WARNING'
    if target == 'cpp_standalone':
        brian2.set_device('cpp_standalone', build_on_run=False)
        brian2.prefs.devices.cpp_standalone.openmp_threads = openmp_threads
    else:
        brian2.prefs.codegen.target = target
    return brian2, t_import


def run_model(args, build, model_info):
    """Build the network with `build(b2, args)`, run it, analyse it, report.

    `build` must return a dict with keys: net (brian2.Network), spikemon,
    Ne (number of excitatory neurons, which are indices 0..Ne-1),
    synapses (list of Synapses objects).
    """
    b2, t_import = load_brian(args.target, args.openmp_threads)
    import numpy as np

    b2.defaultclock.dt = args.dt_ms * b2.ms
    b2.seed(args.seed)          # Brian2's RNG (rand()/randn() in generated code, connect(p=...))
    np.random.seed(args.seed)   # numpy's global RNG (used by runtime targets)

    # ---- setup: network construction (incl. Synapses.connect) ----------
    cpu0 = _cpu()
    t0 = time.perf_counter()
    m = build(b2, args)
    t_setup = time.perf_counter() - t0
    cpu1 = _cpu()

    # ---- run ------------------------------------------------------------
    timing = {'import_s': t_import, 'setup_s': t_setup,
              'setup_cpu_s': cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]}
    duration = args.duration_ms * b2.ms
    if args.target != 'cpp_standalone':
        t0 = time.perf_counter()
        m['net'].run(duration)
        t_run = time.perf_counter() - t0
        cpu2 = _cpu()
        loop = float(b2.device._last_run_time)  # wall time of the time-step loop only
        timing.update({
            'run_s': t_run,
            'run_cpu_s': cpu2[0] - cpu1[0] + cpu2[1] - cpu1[1],
            'loop_s': loop,                  # Network.run main loop (after code generation)
            'run_prepare_s': t_run - loop,   # Network.before_run: codegen / compile / cache load
        })
        timing['total_s'] = t_setup + t_run
        n_syn = int(sum(len(s) for s in m['synapses']))
    else:
        t0 = time.perf_counter()
        m['net'].run(duration)  # standalone: runs before_run (equation solving, code generation); no simulation
        t_record = time.perf_counter() - t0
        own_dir = args.build_dir is None
        directory = tempfile.mkdtemp(prefix='b2_standalone_') if own_dir else args.build_dir
        try:
            t0 = time.perf_counter()
            b2.device.build(directory=directory, compile=True, run=False, with_output=False)
            t_codegen_compile = time.perf_counter() - t0
            cpu2 = _cpu()
            t0 = time.perf_counter()
            b2.device.run(directory, with_output=False, run_args=[])
            t_binary = time.perf_counter() - t0
            cpu3 = _cpu()
            make = b2.device.timers['compile']['make']
            timing.update({
                'record_run_s': t_record,              # Network.run() in standalone mode
                'codegen_s': t_codegen_compile - (make or 0.0),  # writing the project
                'compile_s': make,                     # wall time of 'make'
                'binary_s': b2.device.timers['run_binary'],  # wall time of ./main
                'binary_cpu_s': cpu3[1] - cpu2[1],     # CPU time of ./main (child rusage)
                # main loop only, as measured inside main with std::clock()
                # (process CPU time, not wall time, when OpenMP is off):
                'loop_s': float(b2.device._last_run_time),
                'run_plus_load_s': t_binary,           # ./main + reading results back
            })
            timing['run_s'] = timing['loop_s']
            timing['total_s'] = t_setup + t_record + t_codegen_compile + t_binary
            n_syn = int(sum(len(s) for s in m['synapses']))
        except Exception:
            if own_dir:
                shutil.rmtree(directory, ignore_errors=True)
            raise
    # ---- analysis ------------------------------------------------------
    i_sp = np.asarray(m['spikemon'].i[:], dtype=np.int64)
    t_sp = np.asarray(m['spikemon'].t[:] / b2.ms, dtype=np.float64)
    if args.target == 'cpp_standalone' and own_dir:
        shutil.rmtree(directory, ignore_errors=True)
    stats = spike_stats(i_sp, t_sp, args.N, m['Ne'], args.duration_ms)
    timing['end_to_end_s'] = time.perf_counter() - T_PROCESS_START

    result = {
        'model': model_info,
        'N': args.N, 'Ne': m['Ne'], 'Ni': args.N - m['Ne'],
        'seed': args.seed, 'duration_ms': args.duration_ms, 'dt_ms': args.dt_ms,
        'target': args.target,
        'openmp_threads': args.openmp_threads if args.target == 'cpp_standalone' else None,
        'synapses': n_syn,
        'synapses_per_neuron': n_syn / args.N,
        **stats,
        'timing': timing,
        'env': {'brian2': b2.__version__, 'numpy': np.__version__,
                'python': platform.python_version(), 'nproc': os.cpu_count(),
                'loadavg_1m_at_end': os.getloadavg()[0]},
    }
    if args.rates:
        nb = int(round(args.duration_ms))
        counts, _ = np.histogram(t_sp, bins=nb, range=(0.0, nb * 1.0))
        result['rate_hist_1ms_hz'] = (counts / (args.N * 1e-3)).tolist()
    if args.spikes:
        result['spikes'] = {'i': i_sp.tolist(), 't_ms': np.round(t_sp, 4).tolist()}
    emit(result, args.json)
    return result


def spike_stats(i_sp, t_sp, N, Ne, duration_ms):
    """Rates, silent fraction and ISI CV.

    CV per neuron with >= 3 spikes (>= 2 ISIs): std(ISI, ddof=0) / mean(ISI);
    the reported value is the unweighted mean of those per-neuron CVs.
    """
    import numpy as np
    T = duration_ms * 1e-3
    counts = np.bincount(i_sp, minlength=N)
    order = np.lexsort((t_sp, i_sp))
    i_s, t_s = i_sp[order], t_sp[order]
    starts = np.searchsorted(i_s, np.arange(N))
    ends = np.searchsorted(i_s, np.arange(N), side='right')
    cvs = []
    for n in np.nonzero(counts >= 3)[0]:
        isi = np.diff(t_s[starts[n]:ends[n]])
        cvs.append(isi.std() / isi.mean())
    cvs = np.asarray(cvs)
    return {
        'spikes': int(len(i_sp)),
        'rate_hz': counts.sum() / N / T,
        'rate_exc_hz': counts[:Ne].sum() / Ne / T,
        'rate_inh_hz': counts[Ne:].sum() / (N - Ne) / T,
        'silent_fraction': float(np.mean(counts == 0)),
        'silent_fraction_exc': float(np.mean(counts[:Ne] == 0)),
        'silent_fraction_inh': float(np.mean(counts[Ne:] == 0)),
        'cv_isi_mean': float(cvs.mean()) if len(cvs) else None,  # None -> JSON null
        'cv_isi_neurons': int(len(cvs)),
        'first_spike_ms': float(t_sp.min()) if len(t_sp) else None,
    }


def emit(result, as_json):
    if as_json:
        print(json.dumps(result))
        return
    t = result['timing']
    print(f"{result['model']['name']}  N={result['N']} seed={result['seed']} "
          f"target={result['target']} T={result['duration_ms']} ms dt={result['dt_ms']} ms")
    print(f"  synapses            {result['synapses']} ({result['synapses_per_neuron']:.2f}/neuron)")
    print(f"  mean rate           {result['rate_hz']:.3f} Hz  (exc {result['rate_exc_hz']:.3f}, "
          f"inh {result['rate_inh_hz']:.3f})")
    print(f"  silent fraction     {result['silent_fraction']:.4f}")
    cv = result['cv_isi_mean']
    print(f"  mean ISI CV         {'n/a' if cv is None else f'{cv:.4f}'}  over {result['cv_isi_neurons']} neurons with >=3 spikes")
    for k, v in t.items():
        print(f"  {k:<19} {v:.4f} s" if isinstance(v, float) else f"  {k:<19} {v}")
    if 'rate_hist_1ms_hz' in result:
        print('  rate histogram (1 ms bins, Hz):')
        h = result['rate_hist_1ms_hz']
        for k in range(0, len(h), 20):
            print('   ' + ' '.join(f'{x:6.1f}' for x in h[k:k + 20]))
