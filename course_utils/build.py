"""Generate every notebook from the lesson sources: ``python -m course_utils.build``.

For each topic and framework it writes ``notebooks/<fw>/<topic>.ipynb`` (exercises)
and ``solutions/<fw>/<topic>.ipynb`` (solved), the shared library
``course_utils/saved/<fw>.py`` and the notebook table in ``README.md``.
``--check`` writes nothing and fails when a committed file differs.

Lesson syntax (``lessons/<topic>/lesson.md``), on top of Markdown:

- a fenced ``python`` block is a code cell in every framework; ``python pytorch keras``
  limits it to the named frameworks;
- a fenced ``ref name ...`` block inserts those sections of the framework's reference
  file, one cell each; ``name?`` skips a section the framework does not have;
- ``::: pytorch chainer`` ... ``:::`` keeps Markdown for the named frameworks only;
- ``{{framework}}`` becomes the framework's display name;
- every heading starts a new Markdown cell;
- ``![caption](figure.png)`` with a PNG in the lesson's folder embeds the figure in
  the notebook as a cell attachment, so it shows in Colab without any download.
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
from pathlib import Path

import nbformat

from .frameworks import FRAMEWORKS
from .sources import ROOT, read_sections, topic_ids

REPOSITORY = "image-generation-course/image-generation-course"
BRANCH = "main"
COLAB_FOLDER = "/content/image-generation-course"  # where Colab clones the course
DISPLAY = {"pytorch": "PyTorch", "keras": "Keras 3", "chainer": "Chainer"}
KINDS = {"notebooks": "exercises", "solutions": "solved"}
README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
LOCAL_IMAGE = re.compile(r"!\[(?P<caption>[^\]]*)\]\((?P<file>[\w.-]+\.png)\)")

SETUP_CELL = """\
# Setup: make course_utils importable, install what this runtime lacks, check the GPU.
import importlib.util
import subprocess
import sys

REPOSITORY = "{clone_url}"
COURSE = "{colab_folder}"
if importlib.util.find_spec("course_utils") is None:  # first run on Colab: fetch the course
    subprocess.run(["git", "clone", "--depth", "1", REPOSITORY, COURSE], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", COURSE], check=True)
    sys.path.insert(0, COURSE)

import course_utils
from course_utils import grade

session = course_utils.setup("{framework}", "{topic}", profile=PROFILE)
# session = course_utils.mount_drive()  # on Colab: keep checkpoints on Google Drive
config = course_utils.get_config("{topic}", session.profile)
config"""

PARAMETERS_CELL = """\
# Parameters: papermill and the headless run can override these.
PROFILE = None  # "smoke", "quick" or "full"; None picks one from the machine"""


def clone_url() -> str:
    return f"https://github.com/{REPOSITORY}"


def colab_url(kind: str, framework: str, topic: str) -> str:
    return (f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/"
            f"{kind}/{framework}/{topic}.ipynb")


def badge(kind: str, framework: str, topic: str) -> str:
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(kind, framework, topic)})")


# ------------------------------------------------------------------------------- lesson


def parse_lesson(text: str, framework: str) -> list[tuple[str, str]]:
    """Turn a lesson into ``(cell_type, source)`` pairs for one framework.

    ``cell_type`` is "markdown", "code" or "ref" (a section name to insert).
    """
    cells: list[tuple[str, str]] = []
    markdown: list[str] = []
    keep_markdown = True

    def flush():
        body = "\n".join(markdown).strip("\n")
        if body.strip():
            cells.append(("markdown", body.replace("{{framework}}", DISPLAY[framework])))
        markdown.clear()

    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("```") and line.strip() != "```":
            info = line[3:].split()
            block = []
            for inner in lines:
                if inner.strip() == "```":
                    break
                block.append(inner)
            else:
                raise ValueError(f"unclosed code block: {line}")
            if info[0] == "ref":
                flush()
                cells += [("ref", name) for name in info[1:]]
            elif info[0] == "python":
                if len(info) == 1 or framework in info[1:]:
                    flush()
                    cells.append(("code", "\n".join(block)))
            else:  # a code sample inside the text, e.g. ```text
                if keep_markdown:
                    markdown += [line, *block, "```"]
        elif line.startswith(":::"):
            names = line[3:].split()
            unknown = set(names) - set(FRAMEWORKS)
            if unknown:
                raise ValueError(f"unknown framework in '{line}': {sorted(unknown)}")
            keep_markdown = not names or framework in names
        elif keep_markdown:
            if line.startswith("#"):
                flush()
            markdown.append(line)
    flush()
    return cells


def _links_line(kind: str, framework: str, topic: str) -> str:
    others = " · ".join(f"[{DISPLAY[f]}]({colab_url(kind, f, topic)})"
                        for f in FRAMEWORKS if f != framework)
    other_kind = "solutions" if kind == "notebooks" else "notebooks"
    return (f"{badge(kind, framework, topic)} **{DISPLAY[framework]}** · {KINDS[kind]} · "
            f"also in {others} · [{KINDS[other_kind]} version]"
            f"({colab_url(other_kind, framework, topic)})")


def build_notebook(topic: str, framework: str, kind: str) -> nbformat.NotebookNode:
    lesson = (ROOT / "lessons" / topic / "lesson.md").read_text()
    sections = read_sections(topic, framework)
    header = ("> Generated from `lessons/{t}/` by `python -m course_utils.build`; "
              "edit the source, not this file.")
    lesson_cells = parse_lesson(lesson, framework)
    intro = lesson_cells.pop(0)[1] if lesson_cells and lesson_cells[0][0] == "markdown" else ""
    cells = [
        nbformat.v4.new_markdown_cell("\n\n".join(
            part for part in (_links_line(kind, framework, topic), intro, header.format(t=topic))
            if part)),
        nbformat.v4.new_code_cell(PARAMETERS_CELL, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SETUP_CELL.format(
            clone_url=clone_url(), colab_folder=COLAB_FOLDER, framework=framework, topic=topic)),
    ]
    for cell_type, source in lesson_cells:
        if cell_type == "markdown":
            cells.append(_markdown_with_figures(source, ROOT / "lessons" / topic))
        elif cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(source))
        else:
            optional = source.endswith("?")
            name = source.rstrip("?")
            if name not in sections:
                if optional:
                    continue
                raise KeyError(f"lesson {topic} asks for section {name!r}, missing in {framework}.py")
            section = sections[name]
            code = section.exercise() if kind == "notebooks" else section.solved()
            cells.append(nbformat.v4.new_code_cell(code))
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index:03d}"
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "accelerator": "GPU",
        "colab": {"provenance": [], "gpuType": "T4", "toc_visible": True},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return notebook


def _markdown_with_figures(source: str, folder: Path) -> nbformat.NotebookNode:
    attachments = {}
    for match in LOCAL_IMAGE.finditer(source):
        figure = folder / match["file"]
        if not figure.is_file():
            raise FileNotFoundError(f"{figure} is referenced by the lesson but missing")
        attachments[match["file"]] = {"image/png": base64.b64encode(figure.read_bytes()).decode()}
    source = LOCAL_IMAGE.sub(lambda m: f"![{m['caption']}](attachment:{m['file']})", source)
    cell = nbformat.v4.new_markdown_cell(source)
    if attachments:
        cell.attachments = attachments
    return cell


def referenced_sections(topic: str, framework: str) -> list[str]:
    """Section names the lesson inserts for a framework (for the completeness test)."""
    lesson = (ROOT / "lessons" / topic / "lesson.md").read_text()
    return [name.rstrip("?") for kind, name in parse_lesson(lesson, framework) if kind == "ref"]


# ---------------------------------------------------------------------------- outputs


def saved_library(framework: str) -> str:
    """Sections marked ``save``, with their topics' imports, as one module."""
    imports: list[str] = []
    bodies: list[str] = []
    for topic in topic_ids():
        sections = read_sections(topic, framework)
        saved = [s for s in sections.values() if s.save]
        if not saved:
            continue
        skipping = False
        for line in sections["imports"].solved().splitlines():
            # A topic that saves code may itself import earlier saved code: that part is
            # already in this module, and importing it here would be circular.
            if line.startswith("from course_utils.saved"):
                skipping = line.rstrip().endswith("(")
            elif skipping:
                skipping = not line.strip().startswith(")")
            elif line and line not in imports:
                imports.append(line)
        bodies += [f"# From lessons/{topic}/{framework}.py\n{s.solved()}" for s in saved]
    header = (f'"""Code defined in earlier {DISPLAY[framework]} lessons, for use in later ones.\n\n'
              f"Generated by ``python -m course_utils.build`` from the ``# %% name save``\n"
              f"sections of lessons/*/{framework}.py. Do not edit it directly.\n"
              '"""\n')
    return header + "\n" + "\n".join(imports) + "\n\n\n" + "\n\n\n".join(bodies) + "\n"


def readme_table() -> str:
    head = "| Topic | " + " | ".join(DISPLAY[f] for f in FRAMEWORKS) + " |"
    rule = "|---" * (len(FRAMEWORKS) + 1) + "|"
    rows = []
    for topic in topic_ids():
        title = (ROOT / "lessons" / topic / "lesson.md").read_text().splitlines()[0].lstrip("# ")
        links = [f"exercises {badge('notebooks', f, topic)}<br>solved {badge('solutions', f, topic)}"
                 for f in FRAMEWORKS]
        rows.append(f"| {title} | " + " | ".join(links) + " |")
    return "\n".join([README_START, head, rule, *rows, README_END])


def expected_files() -> dict[Path, str]:
    """Every generated file and its content."""
    files: dict[Path, str] = {}
    for topic in topic_ids():
        for framework in FRAMEWORKS:
            for kind in KINDS:
                notebook = build_notebook(topic, framework, kind)
                files[ROOT / kind / framework / f"{topic}.ipynb"] = nbformat.writes(notebook) + "\n"
    for framework in FRAMEWORKS:
        files[ROOT / "course_utils" / "saved" / f"{framework}.py"] = saved_library(framework)
    readme = (ROOT / "README.md").read_text()
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    files[ROOT / "README.md"] = readme[:start] + readme_table() + readme[end:]
    return files


def stale_files() -> list[Path]:
    return [path for path, text in expected_files().items()
            if not path.is_file() or path.read_text() != text]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        if stale:
            print("Run `make notebooks` (python -m course_utils.build) and commit the result.")
        return 1 if stale else 0
    for path, text in expected_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
