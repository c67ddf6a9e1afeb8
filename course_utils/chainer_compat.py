"""Install and import Chainer 7.8.1 on today's Python, NumPy and setuptools.

Chainer's last release (2020) needs five repairs on a current stack; one of its bugs and
its slow CPU convolutions are repaired too:

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

7. On the CPU, convolutions (forward, and the weight gradient that deconvolutions share)
   and deconvolutions contract their im2col buffer with ``numpy.tensordot``, which first
   copies it into another axis order, and ``im2col_cpu`` fills it with one strided copy
   per kernel tap. A topic 09 CycleGAN step took 2.1 s on a 2-core CPU; PyTorch's takes
   0.28 s.

For 3 and 4 the two old names are put back on NumPy when it lacks them (Chainer
compares ``xp is numpy``, so it must see the real module). For 5 ``_set_cover_all``
accepts either form. For 6 ``Sequential.insert`` places a link after the links before it.
For 7 the buffer is built with one copy of a strided view and, for maps of 16x16 pixels
or more, contracted in place with ``numpy.matmul``: the same numbers up to float rounding,
and the step takes 1.1 s.
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
    _contract_convolutions_in_place()
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


# From a 16x16 map up, one matrix product per image beats tensordot's reordering copy; below,
# tensordot's single large product is faster (DCGAN's 4x4 maps: 2-3x).
_MATMUL_MIN_PIXELS = 256


def _im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval=0, cover_all=False, dy=1, dx=1,
                out_h=None, out_w=None):
    """``chainer.utils.conv.im2col_cpu``: (N, C, H, W) -> (N, C, kh, kw, out_h, out_w)."""
    from chainer.utils.conv import get_conv_outsize

    n, c, h, w = img.shape
    out_h = get_conv_outsize(h, kh, sy, ph, cover_all, dy) if out_h is None else out_h
    out_w = get_conv_outsize(w, kw, sx, pw, cover_all, dx) if out_w is None else out_w
    img = numpy.pad(img, ((0, 0), (0, 0), (ph, ph + sy - 1), (pw, pw + sx - 1)),
                    mode="constant", constant_values=(pval,))
    if not (0 < out_h and (kh - 1) * dy + (out_h - 1) * sy < img.shape[2]
            and 0 < out_w and (kw - 1) * dx + (out_w - 1) * sx < img.shape[3]):
        raise ValueError(f"im2col: a {out_h}x{out_w} output does not fit the padded input.")
    s_n, s_c, s_h, s_w = img.strides
    taps = numpy.lib.stride_tricks.as_strided(
        img, (n, c, kh, kw, out_h, out_w), (s_n, s_c, s_h * dy, s_w * dx, s_h * sy, s_w * sx),
        writeable=False)
    return numpy.ascontiguousarray(taps)


def _contract_convolutions_in_place() -> None:
    from chainer.functions.connection import convolution_2d, deconvolution_2d
    from chainer.utils import conv

    chainers_convolve = convolution_2d.Convolution2DFunction._forward_cpu_core
    chainers_weight_gradient = convolution_2d.Convolution2DGradW._forward_cpu_core
    chainers_deconvolve = deconvolution_2d.Deconvolution2DFunction._forward_cpu_core

    def convolve(self, x, W, b):
        out_c, _, kh, kw = W.shape
        out_h = conv.get_conv_outsize(x.shape[2], kh, self.sy, self.ph, self.cover_all, self.dy)
        out_w = conv.get_conv_outsize(x.shape[3], kw, self.sx, self.pw, self.cover_all, self.dx)
        if self._use_ideep or out_h * out_w < _MATMUL_MIN_PIXELS:
            return chainers_convolve(self, x, W, b)
        col = conv.im2col_cpu(x, kh, kw, self.sy, self.sx, self.ph, self.pw,
                              cover_all=self.cover_all, dy=self.dy, dx=self.dx,
                              out_h=out_h, out_w=out_w)
        n = x.shape[0]
        y = numpy.matmul(W.reshape(out_c, -1), col.reshape(n, -1, out_h * out_w))
        y = y.astype(x.dtype, copy=False).reshape(n, out_c, out_h, out_w)
        if b is not None:
            y += b.reshape(1, out_c, 1, 1)
        return y,

    def weight_gradient(self, x, gy):
        n, _, out_h, out_w = gy.shape
        if self._use_ideep or out_h * out_w < _MATMUL_MIN_PIXELS:
            return chainers_weight_gradient(self, x, gy)
        col = conv.im2col_cpu(x, self.kh, self.kw, self.sy, self.sx, self.ph, self.pw,
                              cover_all=self.cover_all, dy=self.dy, dx=self.dx)
        gW = numpy.matmul(gy.reshape(n, -1, out_h * out_w),
                          col.reshape(n, -1, out_h * out_w).transpose(0, 2, 1)).sum(axis=0)
        return gW.reshape(-1, *col.shape[1:4]).astype(self.W_dtype, copy=False),

    def deconvolve(self, x, W, b):
        n, in_c, h, w = x.shape
        if self._use_ideep or h * w < _MATMUL_MIN_PIXELS:
            return chainers_deconvolve(self, x, W, b)
        col = numpy.matmul(W.reshape(in_c, -1).T, x.reshape(n, in_c, h * w))
        col = col.astype(x.dtype, copy=False).reshape(n, *W.shape[1:], h, w)
        y = conv.col2im_cpu(col, self.sy, self.sx, self.ph, self.pw, self.outh, self.outw,
                            dy=self.dy, dx=self.dx)
        if b is not None:
            y += b.reshape(1, b.size, 1, 1)
        return y,

    conv.im2col_cpu = _im2col_cpu
    convolution_2d.Convolution2DFunction._forward_cpu_core = convolve
    convolution_2d.Convolution2DGradW._forward_cpu_core = weight_gradient
    deconvolution_2d.Deconvolution2DFunction._forward_cpu_core = deconvolve
