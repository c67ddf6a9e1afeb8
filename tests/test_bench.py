"""The benchmark command runs and writes its tables (timings are never asserted)."""

import json
import subprocess
import sys

from course_utils.bench import COLUMNS
from course_utils.sources import ROOT


def test_bench_command_writes_markdown_and_json(tmp_path):
    subprocess.run([sys.executable, "-m", "course_utils.bench", "--topics", "01_mlp_autoencoder",
                    "02_conv_autoencoder", "--frameworks", "pytorch", "--steps", "1", "--warmup",
                    "1", "--profile", "smoke", "--output", str(tmp_path)], check=True, cwd=ROOT)
    rows = json.loads((tmp_path / "results.json").read_text())
    assert [r["topic"] for r in rows] == ["01_mlp_autoencoder", "02_conv_autoencoder"]
    assert all(set(r) == set(COLUMNS) and r["steps/s"] > 0 for r in rows)
    table = (tmp_path / "results.md").read_text().splitlines()
    assert len(table) == 4 and table[0].startswith("| topic")
