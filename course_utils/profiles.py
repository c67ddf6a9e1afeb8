"""Run profiles: how much data and training a notebook uses.

- ``smoke``: CI and tests. CPU, tiny data, seconds per notebook.
- ``quick``: a CPU laptop or a CPU-only Colab runtime. A few minutes, a visible result.
- ``full``: a GPU runtime. The real dataset at settings that finish in minutes on a T4.

A **dry run** (``COURSE_DRY_RUN=1``) keeps a profile's models, image sizes, datasets and
code paths but caps its epochs and sample counts (:data:`DRY_RUN_CAPS`), so CI can run the
full profile of every notebook on a CPU and catch what only it does: full-size models,
resizing, memory, the download-or-fallback path. Training graders then check mechanics only,
the exercise graders (the same in every profile) are left to the smoke run, and Keras runs
its ``tf.function`` steps eagerly: the smoke run traces the same steps, and tracing one at
full size takes longer than the few steps a dry run trains.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping

PROFILES = ("smoke", "quick", "full")
PROFILE_VARIABLE = "COURSE_PROFILE"
DRY_RUN_VARIABLE = "COURSE_DRY_RUN"

# Config fields a dry run caps (a topic whose config spends time in another field adds it here).
DRY_RUN_CAPS = {
    # passes: the GAN graders accept one in a dry run; the autoencoder graders, which compare
    # epochs, want two (topics 01-03 raise it)
    "epochs": 1, "tradeoff_epochs": 1, "manifold_epochs": 2,
    "train_size": 128, "test_size": 64, "batch_size": 16,  # images: training costs their number
    "samples": 128, "sample_count": 128, "quality_count": 128, "monitor_count": 64,
    "per_class": 10,  # generated images measured
}


def is_set(variable: str, environ: Mapping[str, str] = os.environ) -> bool:
    """True when the environment variable ``variable`` says yes ("1", "true" or "yes")."""
    return environ.get(variable, "").strip().lower() in ("1", "true", "yes")


def resolve_profile(
    requested: str | None = None,
    *,
    has_gpu: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """Pick the profile: an explicit request, then ``$COURSE_PROFILE``, then CI, then the device."""
    choice = requested or environ.get(PROFILE_VARIABLE) or None
    if choice is None:
        if is_set("CI", environ):
            choice = "smoke"
        else:
            choice = "full" if has_gpu else "quick"
    choice = choice.strip().lower()
    if choice not in PROFILES:
        raise ValueError(
            f"Unknown profile {choice!r}. Use one of {', '.join(PROFILES)} "
            f"(set PROFILE in the parameters cell or the {PROFILE_VARIABLE} variable)."
        )
    return choice


def is_dry_run(environ: Mapping[str, str] = os.environ) -> bool:
    """True when ``$COURSE_DRY_RUN`` asks for capped steps and sample counts."""
    return is_set(DRY_RUN_VARIABLE, environ)


def cap_for_dry_run(config, caps: Mapping[str, int] | None = None):
    """``config`` (a dataclass) with the fields of :data:`DRY_RUN_CAPS` capped; ``caps``
    (a topic's ``DRY_RUN_CAPS``) lowers or adds some."""
    caps = {**DRY_RUN_CAPS, **(caps or {})}
    capped = {name: cap if getattr(config, name) is None else min(getattr(config, name), cap)
              for name, cap in caps.items() if hasattr(config, name)}
    return dataclasses.replace(config, **capped)
