"""Test settings: smoke profile, throw-away checkpoints, quiet TensorFlow, no network."""

import os
import tempfile

os.environ["COURSE_PROFILE"] = "smoke"
os.environ.setdefault("COURSE_CHECKPOINTS", tempfile.mkdtemp(prefix="course-checkpoints-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("COURSE_FIGURES", None)
