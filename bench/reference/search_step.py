"""Times the DARTS reference's three search steps on synthetic data and prints one JSON line.

Run by bench/search-step.ts (`npm run bench -- --reference`), one process per config and
thread count so that peak RSS belongs to that run alone.
"""
import argparse
import json
import resource
import sys
import time

try:
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode
except ImportError as e:  # the caller prints this line and goes on without the reference
    print(json.dumps({'unavailable': f'torch cannot be imported by {sys.executable}: {e}'}))
    sys.exit(0)

from architect import Architect
from darts_supernet import Network, count_parameters


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    for name in ('channels', 'layers', 'batch', 'size', 'classes', 'threads', 'warmup', 'reps',
                 'second-order-warmup', 'second-order-reps'):
        p.add_argument(f'--{name}', type=int, required=True)
    p.add_argument('--expect-params', type=int, help='refuse to time a network of another size')
    p.add_argument('--seed', type=int, default=0)
    return p.parse_args()


def median_time(step, warmup, reps):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]  # the same median as the TypeScript side


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


class _CountDispatched(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))


def count_ops(step):
    """aten operators of one call of `step`, counted twice. `dispatched`: the ops the dispatcher
    hands to a CPU kernel below autograd (a TorchDispatchMode sees each once; views and detach
    included): the analogue of a kernel launch. `profiled`: every aten event torch.profiler
    records, nested calls included (aten::conv2d → aten::convolution → …). The profiler's
    parent/child links vary from run to run, so its events are not split into leaves."""
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        step()
    profiled = sum(1 for e in prof.events() if e.name.startswith('aten::'))
    with _CountDispatched() as mode:
        step()
    return {'dispatched': mode.count, 'profiled': profiled}


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = Network(a.channels, a.classes, a.layers)
    params = count_parameters(model)
    if a.expect_params is not None and params != a.expect_params:
        print(json.dumps({'error': f'reference has {params} weights, expected {a.expect_params}'}))
        sys.exit(1)

    def batch():
        return (torch.randn(a.batch, 3, a.size, a.size), torch.randint(0, a.classes, (a.batch,)))

    train, valid = batch(), batch()
    lr = 0.025
    sgd = torch.optim.SGD(model.parameters(), lr, momentum=0.9, weight_decay=3e-4)
    architect = Architect(model, momentum=0.9, weight_decay=3e-4)
    model.train()

    def weight_step():  # train_search.py's weight update
        sgd.zero_grad()
        model.loss(*train).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
        sgd.step()

    def arch_step(unrolled):
        return lambda: architect.step(train, valid, lr, sgd, unrolled)

    result = {'threads': torch.get_num_threads(), 'torch': torch.__version__, 'params': params}
    result['weightStep'] = median_time(weight_step, a.warmup, a.reps)
    result['archStepFirstOrder'] = median_time(arch_step(False), a.warmup, a.reps)
    result['peakRssMBFirstOrder'] = peak_rss_mb()
    result['archStepSecondOrder'] = median_time(arch_step(True), a.second_order_warmup, a.second_order_reps)
    result['peakRssMB'] = peak_rss_mb()
    # Profiled after the timing so that the profiler's own memory is not in the peak.
    result['operators'] = {'weightStep': count_ops(weight_step),
                           'archStepFirstOrder': count_ops(arch_step(False)),
                           'archStepSecondOrder': count_ops(arch_step(True))}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
