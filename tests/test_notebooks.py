"""A learner's first experience: the exercise notebook runs until its first grader, which
says "not implemented yet". (Solved notebooks run whole under ``pytest --nbval-lax``.)

Every topic's notebook of a framework runs in one kernel, its namespace emptied before each
(``%reset -f``): each notebook still sees only what it defines, and the framework is imported
once per framework instead of once per notebook.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.sources import ROOT, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]


def _until_first_grader(framework, topic):
    notebook = nbformat.read(ROOT / "notebooks" / framework / f"{topic}.ipynb", as_version=4)
    first_grader = next(i for i, cell in enumerate(notebook.cells)
                        if cell.cell_type == "code" and cell.source.startswith("grade("))
    return [nbformat.v4.new_code_cell(cell.source)  # a fresh id: the notebooks share theirs
            for cell in notebook.cells[: first_grader + 1] if cell.cell_type == "code"]


def _errors(cell):
    return [output for output in cell.outputs if output.output_type == "error"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_exercise_notebook_stops_at_its_first_grader(framework):
    cells, owners = [], []  # owners: the topic of each cell
    for topic in topic_ids():
        prefix = [nbformat.v4.new_code_cell("%reset -f"), *_until_first_grader(framework, topic)]
        cells += prefix
        owners += [topic] * len(prefix)
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, timeout=300, kernel_name="python3", cwd=str(ROOT),
                   allow_errors=True).execute()
    for index, (topic, cell) in enumerate(zip(owners, notebook.cells, strict=True)):
        errors = _errors(cell)
        if index + 1 < len(owners) and owners[index + 1] == topic:  # not the grader
            assert not errors, (f"{framework} {topic}: a cell before the first grader failed:\n"
                                + "\n".join(errors[0].traceback if errors else []))
            continue
        assert errors and errors[0].ename == "NotImplementedYet", \
            f"{framework} {topic}: the first grader did not say 'not implemented yet': {errors}"
        assert "not implemented yet" in errors[0].evalue
        assert not any("Traceback" in line for line in errors[0].traceback)
