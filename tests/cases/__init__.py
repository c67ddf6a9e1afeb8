"""Per-topic test data, two modules per topic (named as in ``course_utils.topics.TOPICS``).

Each topic has two modules, ``<topic>.py`` (the first cases, and ``PARITY``) and
``<topic>_catalogue.py`` (more mistakes with their hole class, and ``VARIANTS``). They define
- ``MUTANTS``: framework -> typical wrong answers, each one text substitution in the
  reference file: (grader, answer name, what the learner got wrong, old text, new text[,
  hole class]). Every grader must reject every mutant listed for it, and the test fails if
  the text to replace no longer appears exactly once, so the list cannot silently rot. The
  optional hole class says what kind of mistake it is (see ``HOLE_CLASSES``).
- ``VARIANTS``: framework -> correct answers written another way, same fields
  without the hole class; every grader must accept them, so hardening a grader never
  rejects a right answer.
- ``PARITY``: models that must have the same parameter count and output shapes in every
  framework: (name, constructor arguments for an adapter, inputs). Inputs are a list of
  shapes (images as (H, W, C), zeros) or a function of the adapter returning NumPy arrays.
"""

import importlib

from course_utils.sources import topic_ids
from course_utils.topics import TOPICS

HOLE_CLASSES = {
    1: "a loss that is not a differentiable framework scalar, or a wrong reduction",
    2: "a constructor or step argument ignored or hard-coded",
    3: "another activation than the spec's, or one missing or misplaced",
    4: "a training-step mistake: extra steps, wrong mode, frozen networks, stale gradients",
    5: "something else subtle: distributions, shapes, axes, padding, initialisation",
    6: "a malformed answer: a tuple, a dict with other keys, another signature",
}

MUTANTS: dict[tuple[str, str], list[tuple]] = {}
VARIANTS: dict[tuple[str, str], list[tuple]] = {}
PARITY: list[tuple] = []

for _topic in topic_ids():
    _module = importlib.import_module(f".{TOPICS[_topic]}", __name__)
    PARITY.extend((_topic, *row) for row in _module.PARITY)
    _more = importlib.import_module(f".{TOPICS[_topic]}_catalogue", __name__)
    for _fw, _rows in _module.MUTANTS.items():
        MUTANTS[(_topic, _fw)] = [*_rows, *_more.MUTANTS.get(_fw, [])]
        VARIANTS[(_topic, _fw)] = list(_more.VARIANTS.get(_fw, []))
