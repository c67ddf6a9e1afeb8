"""The committed notebooks are exactly what the build writes, and they are well formed."""

import json

import pytest

from course_utils import build
from course_utils.sources import ROOT, read_sections, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]
NOTEBOOKS = [(kind, fw, topic) for kind in ("notebooks", "solutions") for fw in FRAMEWORKS
             for topic in topic_ids()]


def test_generated_files_are_up_to_date():
    stale = [str(p.relative_to(ROOT)) for p in build.stale_files()]
    assert not stale, f"run `make notebooks` and commit: {stale}"


@pytest.mark.parametrize(("topic", "framework"), [(t, f) for t in topic_ids() for f in FRAMEWORKS])
def test_every_section_reaches_the_notebook_exactly_once(topic, framework):
    used = build.referenced_sections(topic, framework)
    assert sorted(used) == sorted(read_sections(topic, framework)), "unused or repeated sections"


@pytest.mark.parametrize(("kind", "framework", "topic"), NOTEBOOKS)
def test_notebook_is_clean_and_colab_ready(kind, framework, topic):
    notebook = json.loads((ROOT / kind / framework / f"{topic}.ipynb").read_text())
    assert notebook["metadata"]["accelerator"] == "GPU"
    assert "colab-badge.svg" in "".join(notebook["cells"][0]["source"])
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")
    assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in notebook["cells"])
    text = "\n".join(code)
    assert "### BEGIN SOLUTION" not in text
    if kind == "notebooks":
        assert "# YOUR CODE HERE" in text and "raise NotImplementedError()" in text
    else:
        assert "NotImplementedError" not in text
    assert f'course_utils.setup("{framework}", "{topic}"' in text


def test_lesson_syntax():
    lesson = "# T\n\nintro\n\n::: keras\nonly keras\n:::\n```python pytorch\nx = 1\n```\n```ref a b?\n```"
    assert build.parse_lesson(lesson, "keras") == [
        ("markdown", "# T\n\nintro\n\nonly keras"), ("ref", "a"), ("ref", "b?")]
    assert build.parse_lesson(lesson, "pytorch") == [
        ("markdown", "# T\n\nintro"), ("code", "x = 1"), ("ref", "a"), ("ref", "b?")]
    with pytest.raises(ValueError, match="unknown framework"):
        build.parse_lesson("::: jax\n:::", "keras")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_saved_library_does_not_import_itself(framework):
    # Topics that save code import earlier saved code; that import must not be copied.
    source = build.saved_library(framework)
    assert "course_utils.saved" not in source.split('"""', 2)[2]
    compile(source, f"saved/{framework}.py", "exec")
