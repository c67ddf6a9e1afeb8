"""Progress bars that work in Jupyter, Colab and plain terminals."""

from __future__ import annotations

from tqdm.auto import tqdm


def progress(iterable, **kwargs):
    """``tqdm.auto`` with the course's defaults (a compact bar that stays visible)."""
    kwargs.setdefault("leave", True)
    kwargs.setdefault("dynamic_ncols", True)
    return tqdm(iterable, **kwargs)
