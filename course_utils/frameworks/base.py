"""What every framework adapter offers: conversion, counting, gradients, devices, saving."""

from __future__ import annotations

import abc
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FRAMEWORKS = ("pytorch", "keras", "chainer")


@dataclass
class DeviceReport:
    """What the GPU check found."""

    framework: str
    device: str  # e.g. "cuda:0", "/GPU:0", "@cupy:0" or "cpu"
    has_gpu: bool
    name: str = "CPU"
    memory_gb: float | None = None
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.has_gpu:
            memory = f", {self.memory_gb:.1f} GB" if self.memory_gb else ""
            head = f"{self.framework}: GPU {self.name}{memory} -> training runs on {self.device}"
        else:
            head = (
                f"{self.framework}: no GPU found, training runs on the CPU. "
                "On Colab: Runtime > Change runtime type > T4 GPU, then run this cell again."
            )
        return [head, *self.notes]


class Adapter(abc.ABC):
    """Framework-specific glue used by graders, checkpoints, data loaders and benchmarks.

    Arrays cross the boundary as NumPy in the framework's own layout
    (NCHW for PyTorch and Chainer, NHWC for Keras).
    """

    name: str
    layout: str  # "NCHW" or "NHWC"
    weights_suffix: str

    # --- layout -----------------------------------------------------------------------
    def to_layout(self, images: np.ndarray) -> np.ndarray:
        """NHWC NumPy images to this framework's layout."""
        images = np.asarray(images, dtype=np.float32)
        if self.layout == "NCHW" and images.ndim == 4:
            return np.ascontiguousarray(images.transpose(0, 3, 1, 2))
        return images

    def from_layout(self, images: np.ndarray) -> np.ndarray:
        """This framework's layout back to NHWC."""
        images = np.asarray(images)
        if self.layout == "NCHW" and images.ndim == 4:
            return images.transpose(0, 2, 3, 1)
        return images

    def image_shape(self, height: int, width: int, channels: int) -> tuple[int, int, int]:
        """One image's shape in this framework's layout."""
        if self.layout == "NCHW":
            return (channels, height, width)
        return (height, width, channels)

    # --- framework specifics ------------------------------------------------------------
    @abc.abstractmethod
    def seed(self, seed: int) -> None:
        """Seed Python, NumPy and the framework."""

    def _seed_python(self, seed: int) -> None:
        random.seed(seed)
        np.random.seed(seed)

    @abc.abstractmethod
    def device_report(self) -> DeviceReport: ...

    @abc.abstractmethod
    def is_model(self, obj) -> bool:
        """True for the framework's trainable building block (nn.Module, Layer, Link)."""

    @abc.abstractmethod
    def tensor(self, array: np.ndarray, like=None):
        """A framework array on the device of ``like`` (a model), or the default one."""

    @abc.abstractmethod
    def to_numpy(self, value) -> np.ndarray: ...

    def numpy_outputs(self, value):
        """:meth:`to_numpy` of a model's output, or a tuple of them when it returns several."""
        if isinstance(value, (tuple, list)):
            return tuple(self.to_numpy(v) for v in value)
        return self.to_numpy(value)

    @abc.abstractmethod
    def call(self, model, *inputs: np.ndarray, training: bool = False) -> np.ndarray:
        """Run ``model`` on NumPy ``inputs`` (one or more arrays) and return NumPy outputs
        (a tuple of arrays for a model that returns several, such as a VAE)."""

    @abc.abstractmethod
    def parameters(self, model) -> list[np.ndarray]:
        """Copies of the trainable parameters, in a fixed order."""

    @abc.abstractmethod
    def set_parameters(self, model, arrays: list[np.ndarray]) -> None:
        """Overwrite the trainable parameters, given in the order of :meth:`parameters`."""

    def count_parameters(self, model) -> int:
        return int(sum(p.size for p in self.parameters(model)))

    @abc.abstractmethod
    def gradients(self, model, loss_fn: Callable) -> tuple[float, list[np.ndarray | None]]:
        """Loss value and d loss / d parameter (``None`` where no gradient reaches it).

        ``loss_fn(model)`` returns a framework scalar built with this framework's ops.
        Gradients the model already holds (``.grad``) are left as they were.
        """

    @abc.abstractmethod
    def mean_squared_error(self, a, b):
        """Framework op: mean of ``(a - b) ** 2`` over every element."""

    @abc.abstractmethod
    def adam(self, model, lr: float):
        """A fresh Adam optimizer (betas 0.9, 0.999) for ``model``."""

    @abc.abstractmethod
    def sgd(self, model, lr: float):
        """Plain SGD (no momentum) for ``model``: one step moves each parameter by -lr * grad.

        Graders use it so the expected effect of a learner's training step is exact.
        """

    @abc.abstractmethod
    def bce_with_logits(self, logits, target: float):
        """Framework op: mean binary cross-entropy of ``sigmoid(logits)`` against ``target``
        (0 or 1 for every element), computed stably from the logits."""

    def held_gradients(self, model) -> list[np.ndarray | None]:
        """The gradients ``model`` stores on its parameters (``.grad``), same order as
        :meth:`parameters`; ``None`` where none is stored (as in a fresh :meth:`small_net`).
        Keras models store none: all ``None``."""
        return [None] * len(self.parameters(model))

    @abc.abstractmethod
    def linear_autoencoder(self, image_shape: tuple[int, int, int], latent_dim: int):
        """A tiny linear autoencoder used to probe learners' training steps."""

    @abc.abstractmethod
    def small_net(self, input_shapes: list[tuple[int, ...]], output_shape: tuple[int, ...]):
        """A tiny two-layer network (tanh hidden layer) used to probe GAN training steps.

        It takes one input per entry of ``input_shapes`` (per-example shapes, e.g. an image
        and a label ``()``), flattens each to floats, concatenates them and returns a batch
        of ``output_shape`` (e.g. an image in the framework's layout, or ``(1,)`` logits).
        """

    @abc.abstractmethod
    def loader(self, images: np.ndarray, batch_size: int, *, shuffle: bool = True, seed: int = 0):
        """The framework's idiomatic batch iterator over images in its layout."""

    @abc.abstractmethod
    def save_model(self, model, path: Path) -> None: ...

    @abc.abstractmethod
    def load_model(self, model, path: Path) -> None: ...

    @abc.abstractmethod
    def save_optimizer(self, optimizer, path: Path) -> None: ...

    @abc.abstractmethod
    def load_optimizer(self, optimizer, path: Path, model) -> None: ...

    def peak_memory_mb(self) -> float | None:
        """Peak accelerator memory since the last reset, or None on the CPU."""
        return None

    def reset_peak_memory(self) -> None:
        """Start a new peak-memory measurement."""
        return None

    def synchronize(self) -> None:
        """Wait for queued accelerator work (for timing)."""
        return None
