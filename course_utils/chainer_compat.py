"""Install and import Chainer 7.8.1 on today's Python, NumPy and setuptools.

Chainer's last release (2020) needs five repairs on a current stack, and one of its bugs
is repaired too:

1. Its ``setup.py`` imports ``pkg_resources``, which setuptools 81 removed, so pip's
   isolated build fails. We build it with ``--no-build-isolation`` next to a
   setuptools older than 81.
2. ``chainer._environment_check`` imports ``numpy.distutils`` (gone on Python 3.12+)
   and ``pkg_resources``. It only prints advice about optional packages, so we
   replace it with a no-op module before Chainer imports it.
3. ``chainer.functions.array.as_strided`` reads ``numpy.sctypes`` (removed in NumPy 2)
   when it is imported and when it runs.
4. ``F.resize_images`` uses the ``numpy.float`` alias (removed in NumPy 1.24).

5. On the CPU, ``F.deconvolution_2d``'s backward pass hands its input and weight
   *variables* to ``_set_cover_all``, which expects their shapes, whenever the input
   needs no gradient (a decoder fed a plain array): "too many values to unpack".

6. ``chainer.Sequential`` mixing functions and links names its links out of order (its
   ``insert`` puts every link after the first one at position 1: a missing ``break``), so
   the parameters' names, which serializers and parameter lists follow, run backwards
   through the layers. The forward pass was right.

For 3 and 4 the two old names are put back on NumPy when it lacks them (Chainer
compares ``xp is numpy``, so it must see the real module). For 5 ``_set_cover_all``
accepts either form. For 6 ``Sequential.insert`` places a link after the links before it.
Nothing else changes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types

import numpy

CHAINER_VERSION = "7.8.1"
_LEGACY_SCTYPES = {
    "int": [numpy.int8, numpy.int16, numpy.int32, numpy.int64],
    "uint": [numpy.uint8, numpy.uint16, numpy.uint32, numpy.uint64],
    "float": [numpy.float16, numpy.float32, numpy.float64],
    "complex": [numpy.complex64, numpy.complex128],
    "others": [bool, object, bytes, str, numpy.void],
}


def install_command() -> list[str]:
    """The pip command that installs Chainer on a current setuptools-free build stack."""
    return [sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation",
            f"chainer=={CHAINER_VERSION}"]


def ensure_installed() -> None:
    """Install Chainer (and a setuptools that can build it) unless it is already there."""
    if importlib.util.find_spec("chainer") is not None:
        return
    if not _has_pkg_resources():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "setuptools<81"],
                       check=True)
    subprocess.run(install_command(), check=True)
    importlib.invalidate_caches()


def _has_pkg_resources() -> bool:
    try:
        return importlib.util.find_spec("pkg_resources") is not None
    except ImportError:
        return False


def import_chainer():
    """Import Chainer with the repairs above applied; returns the ``chainer`` module."""
    if "chainer" in sys.modules:
        return sys.modules["chainer"]
    if importlib.util.find_spec("chainer") is None:
        raise ModuleNotFoundError(
            "Chainer is not installed. Run course_utils.setup('chainer', ...) in the first "
            "cell, or: pip install --no-build-isolation chainer==7.8.1 (with setuptools<81)."
        )
    check = types.ModuleType("chainer._environment_check")
    check.check = lambda: None
    sys.modules["chainer._environment_check"] = check

    if "sctypes" not in numpy.__dict__:
        numpy.sctypes = _LEGACY_SCTYPES
    if "float" not in numpy.__dict__:
        numpy.float = float
    import chainer
    import chainer.functions  # noqa: F401  (imports as_strided and resize_images)

    _accept_shapes_or_arrays_in_deconvolution()
    _name_sequential_links_in_order()
    return chainer


def _accept_shapes_or_arrays_in_deconvolution() -> None:
    from chainer.functions.connection.deconvolution_2d import Deconvolution2DFunction

    original = Deconvolution2DFunction._set_cover_all

    def set_cover_all(self, x_shape, w_shape):
        original(self, getattr(x_shape, "shape", x_shape), getattr(w_shape, "shape", w_shape))

    Deconvolution2DFunction._set_cover_all = set_cover_all


def _name_sequential_links_in_order() -> None:
    from chainer import Link, Sequential

    def insert(self, i, layer):
        n = len(self._layers)
        if not -n <= i <= n:
            raise IndexError(f"Index out of range: {i}")
        if not callable(layer):
            raise ValueError(f"All elements of the argument should be callable. But given "
                             f"{layer} is not callable.")
        i = i + n if i < 0 else i
        self._layers.insert(i, layer)
        if isinstance(layer, Link):
            self._children.insert(sum(isinstance(x, Link) for x in self._layers[:i]), layer)
            for index, child in enumerate(self._children):
                child.name = str(index)

    Sequential.insert = insert
