"""The learner's default path on a GPU runtime: every solved notebook under the full profile.

A dry run (``COURSE_DRY_RUN=1``) keeps the full profile's models, image sizes, datasets and
code paths and caps epochs and sample counts; offline (``COURSE_OFFLINE=1``), the datasets
that need a download take their fallback path, as on a machine without a network.
"""

import nbformat
from nbclient import NotebookClient

from course_utils.downloads import OFFLINE_VARIABLE
from course_utils.profiles import DRY_RUN_VARIABLE, PROFILE_VARIABLE
from course_utils.sources import ROOT, topic_ids


def _text(notebook) -> str:
    return "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.outputs)


def _run_dry(framework, topic, monkeypatch, tmp_path):
    monkeypatch.setenv(PROFILE_VARIABLE, "full")
    monkeypatch.setenv(DRY_RUN_VARIABLE, "1")
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    monkeypatch.setenv("COURSE_CHECKPOINTS", str(tmp_path))
    notebook = nbformat.read(ROOT / "solutions" / framework / f"{topic}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", cwd=str(ROOT)).execute()
    text = _text(notebook)
    assert "profile: full" in text and "dry run" in text


def _dry_run_class(framework, topic):
    def test_solved_notebook_runs_the_full_profile_dry(self, monkeypatch, tmp_path):
        _run_dry(framework, topic, monkeypatch, tmp_path)

    name = f"TestDryRun_{framework}_{topic}"
    return type(name, (), {"test_solved_notebook_runs_the_full_profile_dry":
                           test_solved_notebook_runs_the_full_profile_dry})


# One class per notebook: pytest-xdist's --dist loadscope sends each class to a worker as a
# whole, so small classes keep both workers busy to the end.
for _framework in ("pytorch", "keras", "chainer"):
    for _topic in topic_ids():
        _class = _dry_run_class(_framework, _topic)
        globals()[_class.__name__] = _class
