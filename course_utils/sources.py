"""Read the course sources: one lesson (``lesson.md``) and three reference files per topic.

A reference file (``lessons/NN_topic/<framework>.py``) is a plain, importable, lintable
module cut into named sections by ``# %% name`` lines; ``# %% name save`` also exports
the section to ``course_utils/saved/<framework>.py`` for later topics. Text before the
first section is the module's own header (docstring) and never reaches a notebook.
Inside a section, ``### BEGIN SOLUTION`` / ``### END SOLUTION`` mark what the exercise
version replaces with a ``# YOUR CODE HERE`` skeleton.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .frameworks import FRAMEWORKS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
SECTION = re.compile(r"^# %% (?P<name>[\w-]+)(?P<save> save)?\s*$")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


@dataclass(frozen=True)
class Section:
    name: str
    code: str
    save: bool

    def solved(self) -> str:
        return "\n".join(line for line in self.code.splitlines()
                         if line.strip() not in (BEGIN, END))

    def exercise(self) -> str:
        out, inside = [], False
        for line in self.code.splitlines():
            stripped = line.strip()
            if stripped == BEGIN:
                indent = line[: len(line) - len(line.lstrip())]
                out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
                inside = True
            elif stripped == END:
                inside = False
            elif not inside:
                out.append(line)
        return "\n".join(out)

    @property
    def is_exercise(self) -> bool:
        return BEGIN in self.code


def topic_ids() -> list[str]:
    return sorted(p.name for p in LESSONS.iterdir() if (p / "lesson.md").is_file())


def reference_path(topic: str, framework: str) -> Path:
    return LESSONS / topic / f"{framework}.py"


def read_sections(topic: str, framework: str) -> dict[str, Section]:
    """The named sections of a reference file, in file order."""
    sections: dict[str, Section] = {}
    name, save, lines = None, False, []

    def close():
        if name is not None:
            sections[name] = Section(name, "\n".join(lines).strip("\n"), save)

    for line in reference_path(topic, framework).read_text().splitlines():
        match = SECTION.match(line)
        if match:
            close()
            name, save, lines = match["name"], bool(match["save"]), []
            if name in sections:
                raise ValueError(f"{topic}/{framework}.py: section {name!r} appears twice.")
        elif name is not None:
            lines.append(line)
    close()
    return sections


def load_reference(topic: str, framework: str):
    """Import a reference file as a module (for tests and benchmarks)."""
    module_name = f"reference_{topic}_{framework}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, reference_path(topic, framework))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def all_references() -> list[tuple[str, str]]:
    return [(t, f) for t in topic_ids() for f in FRAMEWORKS]
