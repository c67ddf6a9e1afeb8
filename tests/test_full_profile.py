"""The learner's default path on a GPU runtime: every solved notebook under the full profile.

A dry run (``COURSE_DRY_RUN=1``) keeps the full profile's models, image sizes, datasets and
code paths and caps epochs and sample counts; offline (``COURSE_OFFLINE=1``), the datasets
that need a download take their fallback path, as on a machine without a network.

The notebooks of a framework run in two kernels, half the topics each, their namespace
emptied (``%reset -f``) before each: each notebook still sees only what it defines, and the
framework is imported twice per framework instead of once per notebook.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.downloads import OFFLINE_VARIABLE
from course_utils.profiles import DRY_RUN_VARIABLE, PROFILE_VARIABLE
from course_utils.sources import ROOT, topic_ids

FRAMEWORKS = ("keras", "chainer", "pytorch")  # the longest dry runs first


def _run_dry(framework, topics, monkeypatch, tmp_path):
    monkeypatch.setenv(PROFILE_VARIABLE, "full")
    monkeypatch.setenv(DRY_RUN_VARIABLE, "1")
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    monkeypatch.setenv("COURSE_CHECKPOINTS", str(tmp_path))
    cells, owners = [], []  # owners: the topic of each cell
    for topic in topics:
        notebook = nbformat.read(ROOT / "solutions" / framework / f"{topic}.ipynb", as_version=4)
        own = [nbformat.v4.new_code_cell("%reset -f")] + [
            nbformat.v4.new_code_cell(cell.source)  # a fresh id: the notebooks share theirs
            for cell in notebook.cells if cell.cell_type == "code"]
        cells += own
        owners += [topic] * len(own)
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, timeout=600, kernel_name="python3", cwd=str(ROOT),
                   allow_errors=True).execute()
    for topic in topics:
        mine = [cell for owner, cell in zip(owners, notebook.cells, strict=True) if owner == topic]
        errors = [output for cell in mine for output in cell.outputs
                  if output.output_type == "error"]
        assert not errors, f"{framework} {topic}:\n" + "\n".join(errors[0].traceback)
        text = "".join(output.get("text", "") for cell in mine for output in cell.outputs)
        assert "profile: full" in text and "dry run" in text, f"{framework} {topic}: {text[:300]}"


def _dry_run_class(framework, half):
    topics = topic_ids()[half::2]

    @pytest.mark.parametrize("framework", [framework])
    def test_solved_notebooks_run_the_full_profile_dry(self, framework, monkeypatch, tmp_path):
        _run_dry(framework, topics, monkeypatch, tmp_path)

    name = f"TestDryRun_{framework}_{'odd' if half == 0 else 'even'}_topics"
    return type(name, (), {"test_solved_notebooks_run_the_full_profile_dry":
                           test_solved_notebooks_run_the_full_profile_dry})


# One class per kernel: pytest-xdist's --dist loadscope sends each class to a worker as a
# whole, so six of them keep both workers busy.
for _framework in FRAMEWORKS:
    for _half in (0, 1):
        _class = _dry_run_class(_framework, _half)
        globals()[_class.__name__] = _class
