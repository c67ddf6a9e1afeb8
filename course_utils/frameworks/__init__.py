"""One adapter per framework, imported lazily so a notebook loads only its own framework."""

from __future__ import annotations

import importlib

from .base import FRAMEWORKS, Adapter

_MODULES = {"pytorch": "torch_adapter", "keras": "keras_adapter", "chainer": "chainer_adapter"}
_cache: dict[str, Adapter] = {}


def get_adapter(framework: str) -> Adapter:
    """The adapter for ``"pytorch"``, ``"keras"`` or ``"chainer"``."""
    if framework not in _MODULES:
        raise ValueError(f"Unknown framework {framework!r}; choose one of {', '.join(FRAMEWORKS)}.")
    if framework not in _cache:
        module = importlib.import_module(f".{_MODULES[framework]}", __name__)
        _cache[framework] = module.ADAPTER
    return _cache[framework]


__all__ = ["FRAMEWORKS", "Adapter", "get_adapter"]
