"""Training-step benchmark at full-profile model sizes: ``python -m course_utils.bench``.

For every topic and framework it builds the topic's model with its reference code,
times training steps after a warm-up on the current device, and records steps/s,
images/s and peak memory (process RSS on the CPU, the allocator's peak on a GPU); a topic
with ``benchmark_parts`` (SinGAN: every scale, and the finest scale's steps) adds a row for
each part. Each framework runs in its own process. Results go to ``bench/results.md`` and
``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from .frameworks import FRAMEWORKS
from .sources import ROOT, topic_ids

COLUMNS = ("topic", "framework", "device", "batch", "steps/s", "images/s", "peak MB")


def _time(label: str, step, adapter, config, steps: int, warmup: int) -> dict:
    """One table row: ``step()`` timed over ``steps`` calls after ``warmup`` ones."""
    for _ in range(warmup):
        step()
    adapter.synchronize()
    adapter.reset_peak_memory()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    adapter.synchronize()
    elapsed = time.perf_counter() - start
    peak = adapter.peak_memory_mb()
    if peak is None:  # CPU: the process's peak resident set (kB on Linux)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = adapter.device_report()
    return {
        "topic": label, "framework": adapter.name,
        "device": report.name if report.has_gpu else f"CPU ({platform.machine()})",
        "batch": config.batch_size, "steps/s": round(steps / elapsed, 2),
        "images/s": round(steps * config.batch_size / elapsed, 1), "peak MB": round(peak, 1),
    }


def measure(topic: str, framework: str, steps: int, warmup: int, profile: str) -> dict:
    """Time one topic's training step in this process."""
    from .frameworks import get_adapter
    from .sources import load_reference
    from .topics import get_config, topic_module

    adapter = get_adapter(framework)
    adapter.seed(0)
    config = get_config(topic, profile)
    step = topic_module(topic).benchmark_step(load_reference(topic, framework), config, adapter)
    return _time(topic, step, adapter, config, steps, warmup)


def measure_parts(topic: str, framework: str, steps: int, warmup: int, profile: str) -> list[dict]:
    """Rows for the parts of its training that a topic times on their own (its optional
    ``benchmark_parts``, e.g. each scale of a pyramid): where the time goes."""
    from .frameworks import get_adapter
    from .sources import load_reference
    from .topics import get_config, topic_module

    module = topic_module(topic)
    if not hasattr(module, "benchmark_parts"):
        return []
    adapter = get_adapter(framework)
    adapter.seed(0)
    config = get_config(topic, profile)
    parts = module.benchmark_parts(load_reference(topic, framework), config, adapter)
    return [_time(f"{topic}: {name}", step, adapter, config, steps, warmup)
            for name, step in parts.items()]


def to_markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---" * len(COLUMNS) + "|"]
    lines += ["| " + " | ".join(str(row[c]) for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", nargs="*", default=topic_ids())
    parser.add_argument("--frameworks", nargs="*", default=list(FRAMEWORKS))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", default="full", help="whose model and batch size to time")
    parser.add_argument("--output", type=Path, default=ROOT / "bench")
    parser.add_argument("--worker", nargs=2, metavar=("TOPIC", "FRAMEWORK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        measured = [measure(*args.worker, args.steps, args.warmup, args.profile),
                    *measure_parts(*args.worker, args.steps, args.warmup, args.profile)]
        print(json.dumps(measured))
        return 0
    rows = []
    for framework in args.frameworks:
        for topic in args.topics:
            command = [sys.executable, "-m", "course_utils.bench", "--worker", topic, framework,
                       "--steps", str(args.steps), "--warmup", str(args.warmup),
                       "--profile", args.profile]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return done.returncode
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            rows += measured
            print("\n".join(to_markdown(measured).splitlines()[2:]), flush=True)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
    (args.output / "results.md").write_text(to_markdown(rows))
    print(f"wrote {args.output / 'results.md'} and results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
