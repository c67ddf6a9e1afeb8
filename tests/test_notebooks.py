"""A learner's first experience: the exercise notebook runs until its first grader, which
says "not implemented yet". (Solved notebooks run whole under ``pytest --nbval-lax``.)"""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from course_utils.sources import ROOT, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]


@pytest.mark.parametrize(("framework", "topic"), [(f, t) for f in FRAMEWORKS for t in topic_ids()])
def test_exercise_notebook_stops_at_first_grader(framework, topic):
    notebook = nbformat.read(ROOT / "notebooks" / framework / f"{topic}.ipynb", as_version=4)
    first_grader = next(i for i, cell in enumerate(notebook.cells)
                        if cell.cell_type == "code" and cell.source.startswith("grade("))
    notebook.cells = notebook.cells[: first_grader + 1]
    with pytest.raises(CellExecutionError) as caught:
        NotebookClient(notebook, timeout=300, kernel_name="python3", cwd=str(ROOT)).execute()
    outputs = notebook.cells[first_grader].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "NotImplementedYet", caught.value
    assert "not implemented yet" in errors[0].evalue
    assert not any("Traceback" in line for line in errors[0].traceback)
