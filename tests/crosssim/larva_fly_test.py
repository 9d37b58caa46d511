#!/usr/bin/python3
"""brainemu vs. Brian2 on the whole larva brain with Shiu et al.'s fly LIF: identical spikes.

Usage:
    /usr/bin/python3 tests/crosssim/larva_fly_test.py --brainemu PATH/TO/brainemu \
        [--data DIR] [--workdir DIR] [--duration-ms 1000]

The network is the whole Drosophila larva brain (Winding et al. 2023; 3,013 neurons, 111,243
connected pairs), read here straight from the shared CSV files with the csv module, and by
brainemu through `brainemu import --format larva` into a .bcx: the two readings must agree.
Parameters are Shiu et al. 2024's (models.md 1): pair weight = synapse count x 0.275 mV (the
export has no transmitters, so every pair excites), delay 1.8 ms, dt 0.1 ms. Its 42 olfactory
receptor neurons (merge_class sens-ORN) get Poisson trains at 150 Hz, each event a 68.75 mV
jump in v, with their refractory period set to 0 (Shiu's stimulation); the 42 uniglomerular
projection neurons (uPN) are silenced (outgoing weights 0, Shiu's silencing). The Poisson
trains are drawn once here (numpy, fixed seed; Bernoulli(rate x dt) per step, at most one event
per neuron and step) and given to both simulators as the same spike times, so the comparison
tests the network, the model and the silencing, not two random generators.

Brian2 runs Shiu's equations verbatim (their model.py: method 'linear', threshold v > v_th,
reset v = v_rst, g = 0, refractory 2.2 ms, `(unless refractory)` on v and g), with weights
rounded to float32 as brainemu stores them (docs/formats.md): otherwise they differ in the
8th digit and a near-threshold neuron may flip. Pass: every spike at the same (neuron, step).

Exit status 0 pass, 1 fail, 77 skipped (no brian2 / numpy / data).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import warnings

DT_MS = 0.1
W_SYN_MV = 0.275
DELAY_MS = 1.8
POISSON_HZ = 150.0
POISSON_WEIGHT_MV = 250 * W_SYN_MV
SEED = 20241128
PARAMS = dict(v_0_mV=-52.0, v_reset_mV=-52.0, v_th_mV=-45.0, tau_m_ms=20.0, tau_syn_ms=5.0,
              t_ref_ms=2.2)


def skip(msg):
    print(f'SKIP: {msg}', flush=True)
    sys.exit(77)


def read_larva(folder):
    """Neurons in node-table order (skeleton ids, merge_class) and (pre, post, count) rows."""
    with open(os.path.join(folder, 'unmatched_full_nodes.csv'), newline='') as f:
        rows = list(csv.DictReader(f))
    ids = [int(r['']) for r in rows]
    kind = [r['merge_class'] for r in rows]
    index = {sid: i for i, sid in enumerate(ids)}
    pre, post, count = [], [], []
    with open(os.path.join(folder, 'unmatched_full_edgelist.csv'), newline='') as f:
        for a, b, w in csv.reader(f):
            c = float(w)
            assert c == int(c) and c >= 0, (a, b, w)
            if c > 0:
                pre.append(index[int(a)])
                post.append(index[int(b)])
                count.append(int(c))
    return ids, kind, pre, post, count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--brainemu', required=True)
    ap.add_argument('--data', default=os.environ.get('BRAINEMU_DATA'))
    ap.add_argument('--workdir')
    ap.add_argument('--duration-ms', type=float, default=1000.0)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    data = args.data or os.path.join(here, '..', '..', '..', 'shared', 'data')
    folder = os.path.join(data, 'drosophila_larva_winding2023_full')
    if not os.path.isfile(os.path.join(folder, 'unmatched_full_nodes.csv')):
        skip(f'{folder} is absent (set BRAINEMU_DATA to the shared data folder)')
    try:
        import numpy as np
    except ImportError as exc:
        skip(f'numpy: {exc}; run with /usr/bin/python3')
    warnings.filterwarnings('ignore', category=FutureWarning)
    warnings.filterwarnings('ignore', category=DeprecationWarning)
    try:
        import brian2 as b2
        from brian2 import ms, mV
    except Exception as exc:
        skip(f'brian2 cannot be imported ({exc}); install python3-brian, run /usr/bin/python3')

    tmp = None
    if args.workdir:
        work = os.path.abspath(args.workdir)
        os.makedirs(work, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix='larva_fly_')
        work = tmp.name
    steps = int(round(args.duration_ms / DT_MS))

    ids, kind, pre, post, count = read_larva(folder)
    n = len(ids)
    stim = [i for i in range(n) if kind[i] == 'sens-ORN']
    silenced = [i for i in range(n) if kind[i] == 'uPN']
    rng = np.random.default_rng(SEED)
    mask = rng.random((steps, len(stim))) < POISSON_HZ * DT_MS * 1e-3
    ev_step, ev_col = np.nonzero(mask)
    ev_neuron = np.asarray(stim)[ev_col]
    with open(os.path.join(work, 'poisson.csv'), 'w') as f:
        f.write('neuron,time_ms\n')
        f.writelines('%d,%d.%d\n' % (i, s // 10, s % 10)
                     for i, s in zip(ev_neuron.tolist(), ev_step.tolist()))

    # brainemu: import, then run the experiment.
    bcx = os.path.join(work, 'larva.bcx')
    subprocess.run([args.brainemu, 'import', '--format', 'larva',
                    os.path.join(folder, 'unmatched_full_edgelist.csv'),
                    os.path.join(folder, 'unmatched_full_nodes.csv'), '--out', bcx],
                   check=True, capture_output=True)
    ids_of = lambda idx: ', '.join(str(ids[i]) for i in idx)  # noqa: E731
    with open(os.path.join(work, 'exp.toml'), 'w') as f:
        f.write(f'''[simulation]
dt_ms = {DT_MS}
duration_ms = {args.duration_ms}
[network]
connectome = "larva.bcx"
unit_weight_mV = {W_SYN_MV}
delay_ms = {DELAY_MS}
[model]
name = "fly_lif"
[[stimulus]]
kind = "spike_times"
file = "poisson.csv"
weight_mV = {POISSON_WEIGHT_MV}
receptor = "voltage"
refractory_ms = 0.0
[[silence]]
ids = [{ids_of(silenced)}]
''')
    t0 = time.perf_counter()
    p = subprocess.run([args.brainemu, 'run', os.path.join(work, 'exp.toml'), '--out',
                        os.path.join(work, 'out')], capture_output=True, text=True)
    t_emu = time.perf_counter() - t0
    if p.returncode != 0:
        print(f'FAIL: brainemu run exited {p.returncode}: {p.stderr}')
        sys.exit(1)
    sys.path.insert(0, os.path.join(here, '..', '..', 'bench'))
    from spikes import read_spikes
    _, e_step, e_neuron = read_spikes(os.path.join(work, 'out', 'spikes.bin'))

    # Brian2: Shiu et al.'s model.
    b2.start_scope()
    b2.prefs.codegen.target = 'numpy'
    b2.defaultclock.dt = DT_MS * ms
    eqs = '''
    dv/dt = (v_0 - v + g)/tau_m : volt (unless refractory)
    dg/dt = -g/tau_syn : volt (unless refractory)
    rfc : second
    '''
    ns = dict(v_0=PARAMS['v_0_mV'] * mV, tau_m=PARAMS['tau_m_ms'] * ms,
              tau_syn=PARAMS['tau_syn_ms'] * ms, v_th=PARAMS['v_th_mV'] * mV,
              v_rst=PARAMS['v_reset_mV'] * mV)
    G = b2.NeuronGroup(n, eqs, threshold='v > v_th', reset='v = v_rst; g = 0*mV',
                       refractory='rfc', method='linear', namespace=ns)
    G.v = PARAMS['v_0_mV'] * mV
    G.g = 0 * mV
    G.rfc = PARAMS['t_ref_ms'] * ms
    G.rfc[stim] = 0 * ms
    pre_a, post_a = np.asarray(pre), np.asarray(post)
    w = np.float32(np.asarray(count) * W_SYN_MV).astype(np.float64)
    w[np.isin(pre_a, silenced)] = 0.0  # Shiu et al.: silencing zeroes outgoing weights
    S = b2.Synapses(G, G, 'w : volt', on_pre='g_post += w')
    S.connect(i=pre_a, j=post_a)
    S.w = w * mV
    S.delay = DELAY_MS * ms
    inp = b2.SpikeGeneratorGroup(n, ev_neuron, ev_step * b2.defaultclock.dt)
    Sin = b2.Synapses(inp, G, on_pre='v_post += w_poi',
                      namespace=dict(w_poi=POISSON_WEIGHT_MV * mV))
    Sin.connect(j='i')
    mon = b2.SpikeMonitor(G)
    net = b2.Network(G, S, inp, Sin, mon)
    t0 = time.perf_counter()
    net.run(args.duration_ms * ms, namespace={})
    t_b2 = time.perf_counter() - t0
    b_neuron = np.asarray(mon.i[:], dtype=np.int64)
    b_step = np.rint(np.asarray(mon.t_[:]) / (DT_MS * 1e-3)).astype(np.int64)

    ek = set(zip(e_step.tolist(), e_neuron.tolist()))
    bk = set(zip(b_step.tolist(), b_neuron.tolist()))
    both = len(ek & bk)
    active = len(set(b_neuron.tolist()))
    print(f'larva whole brain: {n} neurons, {len(pre)} pairs, {sum(count)} synapses; '
          f'{len(stim)} ORNs driven ({ev_step.size} input events), {len(silenced)} uPNs '
          f'silenced, {args.duration_ms:g} ms')
    print(f'  brainemu {len(ek)} spikes in {t_emu:.2f} s; Brian2 {len(bk)} spikes in '
          f'{t_b2:.1f} s ({active} neurons fired)')
    print(f'  identical (neuron, step): {both}; only brainemu {len(ek - bk)}; only Brian2 '
          f'{len(bk - ek)}')
    for s, i in sorted((ek ^ bk))[:10]:
        print(f'    differs: step {s} neuron {i} ({"brainemu" if (s, i) in ek else "Brian2"})')
    ok = ek == bk and len(ek) > 1000 and len(ek) == e_step.size
    if ok and silenced:
        # Silencing must matter here: some uPN fires, and its targets lose that input.
        ok = bool(np.isin(b_neuron, silenced).any())
        if not ok:
            print('  FAIL: no silenced neuron fired, so the silencing was not exercised')
    print('PASS' if ok else 'FAIL')
    if tmp is not None:
        tmp.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
