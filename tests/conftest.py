"""Test settings: smoke profile, throw-away checkpoints, quiet TensorFlow, no network, seeds."""

import os
import sys
import tempfile

import pytest

os.environ["COURSE_PROFILE"] = "smoke"
os.environ.setdefault("COURSE_CHECKPOINTS", tempfile.mkdtemp(prefix="course-checkpoints-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("COURSE_FIGURES", None)

FRAMEWORK_MODULES = {"pytorch": "torch", "keras": "keras", "chainer": "chainer"}


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state in every framework already imported, so
    a grader's random probes (a learner's fresh weights) are the same from run to run."""
    from course_utils.frameworks import get_adapter

    for framework, module in FRAMEWORK_MODULES.items():
        if module in sys.modules:
            get_adapter(framework).seed(0)


# The longest work first, so that neither pytest-xdist worker ends alone on it (the Makefile
# keeps this order with --no-loadscope-reorder: by default, --dist loadscope starts with the
# scopes of most tests and would leave the one-test dry runs of minutes each for last).
_LONGEST_FIRST = ("tests/test_full_profile.py", "tests/test_graders.py", "solutions/keras/")


def pytest_collection_modifyitems(items):
    """The full-profile dry runs (minutes each), then the grader tests (one scope of some
    six minutes), then the Keras notebooks, then the rest in collection order."""
    def rank(item):
        return next((i for i, prefix in enumerate(_LONGEST_FIRST)
                     if item.nodeid.startswith(prefix)), len(_LONGEST_FIRST))

    items.sort(key=rank)
