"""The benchmark runs every topic's step in every framework and writes its tables (timings
are never asserted)."""

import json
import subprocess
import sys

import pytest

from course_utils.bench import COLUMNS, measure
from course_utils.sources import ROOT, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]


@pytest.mark.parametrize("topic", topic_ids())
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_benchmark_step_runs_at_smoke_size(topic, framework):
    row = measure(topic, framework, steps=1, warmup=1, profile="smoke")
    assert set(row) == set(COLUMNS) and row["steps/s"] > 0


def test_bench_command_writes_markdown_and_json(tmp_path):
    subprocess.run([sys.executable, "-m", "course_utils.bench", "--topics", "01_mlp_autoencoder",
                    "02_conv_autoencoder", "--frameworks", "pytorch", "--steps", "1", "--warmup",
                    "1", "--profile", "smoke", "--output", str(tmp_path)], check=True, cwd=ROOT)
    rows = json.loads((tmp_path / "results.json").read_text())
    assert [r["topic"] for r in rows] == ["01_mlp_autoencoder", "02_conv_autoencoder"]
    assert all(set(r) == set(COLUMNS) and r["steps/s"] > 0 for r in rows)
    table = (tmp_path / "results.md").read_text().splitlines()
    assert len(table) == 4 and table[0].startswith("| topic")
