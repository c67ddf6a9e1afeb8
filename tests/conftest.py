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


def pytest_collection_modifyitems(items):
    """The full-profile dry runs first: minutes each, they would otherwise start last and
    keep one pytest-xdist worker busy while the other has nothing left to do."""
    items.sort(key=lambda item: "test_full_profile.py" not in item.nodeid)
