"""The benchmark runs every topic's step in every framework and writes its tables (timings
are never asserted). Keras's compiled steps run eagerly here: tracing them costs more than
the step, and the smoke notebooks (topic 11: tests/test_instagan.py) compile the same ones."""

import json
import subprocess
import sys

import pytest

from course_utils import get_adapter
from course_utils.bench import COLUMNS, measure, measure_parts
from course_utils.sources import ROOT, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]


@pytest.mark.parametrize("topic", topic_ids())
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_benchmark_step_runs_at_smoke_size(topic, framework):
    with get_adapter(framework).eagerly():
        row = measure(topic, framework, steps=1, warmup=1, profile="smoke")
    assert set(row) == set(COLUMNS) and row["steps/s"] > 0


def test_singan_parts_time_every_scale_and_the_finest_steps():
    from course_utils.pyramid import pyramid
    from course_utils.topics import get_config

    config = get_config("12_singan", "smoke")
    scales = len(pyramid((config.max_size * 2 // 3, config.max_size), config.min_size,
                         config.max_size, config.scale_factor).shapes)
    rows = measure_parts("12_singan", "pytorch", steps=1, warmup=0, profile="smoke")
    names = [row["topic"].split(": ", 1)[1] for row in rows]
    assert [name.split(" (")[0] for name in names[:scales]] == [f"scale {n}" for n in range(scales)]
    assert names[scales:] == ["finest: one critic step", "finest: one generator step",
                              "finest: one draw from below"]
    assert all(set(row) == set(COLUMNS) and row["steps/s"] > 0 for row in rows)


def test_bench_command_writes_markdown_and_json(tmp_path):
    subprocess.run([sys.executable, "-m", "course_utils.bench", "--topics", "01_mlp_autoencoder",
                    "02_conv_autoencoder", "--frameworks", "pytorch", "--steps", "1", "--warmup",
                    "1", "--profile", "smoke", "--output", str(tmp_path)], check=True, cwd=ROOT)
    rows = json.loads((tmp_path / "results.json").read_text())
    assert [r["topic"] for r in rows] == ["01_mlp_autoencoder", "02_conv_autoencoder"]
    assert all(set(r) == set(COLUMNS) and r["steps/s"] > 0 for r in rows)
    table = (tmp_path / "results.md").read_text().splitlines()
    assert len(table) == 4 and table[0].startswith("| topic")
