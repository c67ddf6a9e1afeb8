"""Per-topic test data, one module per topic (named as in ``course_utils.topics.TOPICS``).

Each module defines
- ``MUTANTS``: framework -> typical wrong answers, each one text substitution in the
  reference file: (grader, answer name, what the learner got wrong, old text, new text).
  Every grader must reject every mutant listed for it, and the test fails if the text to
  replace no longer appears exactly once, so the list cannot silently rot.
- ``PARITY``: models that must have the same parameter count and output shapes in every
  framework: (name, constructor arguments for an adapter, inputs). Inputs are a list of
  shapes (images as (H, W, C), zeros) or a function of the adapter returning NumPy arrays.
"""

import importlib

from course_utils.sources import topic_ids
from course_utils.topics import TOPICS

MUTANTS: dict[tuple[str, str], list[tuple]] = {}
PARITY: list[tuple] = []

for _topic in topic_ids():
    _module = importlib.import_module(f".{TOPICS[_topic]}", __name__)
    MUTANTS.update({(_topic, fw): rows for fw, rows in _module.MUTANTS.items()})
    PARITY.extend((_topic, *row) for row in _module.PARITY)
