"""Run profiles: how much data and training a notebook uses.

- ``smoke``: CI and tests. CPU, tiny data, seconds per notebook.
- ``quick``: a CPU laptop or a CPU-only Colab runtime. A few minutes, a visible result.
- ``full``: a GPU runtime. The real dataset at settings that finish in minutes on a T4.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PROFILES = ("smoke", "quick", "full")
PROFILE_VARIABLE = "COURSE_PROFILE"


def resolve_profile(
    requested: str | None = None,
    *,
    has_gpu: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """Pick the profile: an explicit request, then ``$COURSE_PROFILE``, then CI, then the device."""
    choice = requested or environ.get(PROFILE_VARIABLE) or None
    if choice is None:
        if environ.get("CI", "").lower() in ("1", "true", "yes"):
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
