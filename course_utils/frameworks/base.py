"""What every framework adapter offers: conversion, counting, gradients, devices, saving."""

from __future__ import annotations

import abc
import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FRAMEWORKS = ("pytorch", "keras", "chainer")


def random_layers(sizes, seed: int = 0, scale: float = 1.0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Seeded ``[(W, b), ...]`` for layer sizes like (9, 6, 1): W of shape (out, in) drawn from
    N(0, scale^2 / fan_in), b from N(0, 0.25). The same numbers in every framework."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(0.0, scale / np.sqrt(n_in), size=(n_out, n_in)).astype(np.float32),
             rng.normal(0.0, 0.5, size=n_out).astype(np.float32))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


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
    init_usage: str  # how an initialisation function is applied, e.g. "model.apply({init})"

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

    def run_compiled_steps_eagerly(self, eager: bool = True) -> None:  # noqa: B027 - Keras only
        """From now on, run compiled training steps as plain Python (``eager=False``: compile
        them again): a dry run's few full-size steps take less time than compiling them.
        Nothing to do where steps are not compiled (PyTorch, Chainer)."""

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
    def mean_absolute_error(self, a, b):
        """Framework op: mean of ``|a - b|`` over every element."""

    @abc.abstractmethod
    def adam(self, model, lr: float, betas: tuple[float, float] = (0.9, 0.999)):
        """A fresh Adam optimizer for ``model``."""

    @abc.abstractmethod
    def momentum_sgd(self, model, lr: float, momentum: float = 0.9):
        """SGD with (heavy-ball) momentum for ``model``: velocity ``v = momentum * v + grad``,
        step ``-lr * v``, the same rule in every framework.

        Graders use it because its effect is exact, depends on the loss's scale, and
        remembers the previous step: two optimizer steps per call show up.
        """

    @abc.abstractmethod
    def bce_with_logits(self, logits, target: float):
        """Framework op: mean binary cross-entropy of ``sigmoid(logits)`` against ``target``
        (0 or 1 for every element), computed stably from the logits."""

    def held_gradients(self, model) -> list[np.ndarray | None]:
        """The gradients ``model`` stores on its parameters (``.grad``), same order as
        :meth:`parameters`; ``None`` where none is stored (as in a fresh :meth:`mlp`).
        Keras models store none: all ``None``."""
        return [None] * len(self.parameters(model))

    def fill_gradients(self, model, value: float) -> None:
        """Store ``value`` as every parameter's gradient, as a step before this one may have
        left them (PyTorch and Chainer; Keras stores no gradients)."""
        return None

    # --- probes for graders ---------------------------------------------------------------
    def is_step_result(self, value) -> bool:
        """True for what a training step should return as its loss: a Python number (Keras
        steps, compiled with tf.function, return a scalar tensor instead)."""
        return isinstance(value, (float, int)) and not isinstance(value, bool)

    def compiled(self, function: Callable) -> Callable:
        """``function`` as a learner's training step would run it: compiled with tf.function in
        Keras (traced again with the batch size unknown when called with another one),
        unchanged in PyTorch and Chainer."""
        return function

    def eagerly(self, eager: bool = True):
        """A context in which compiled functions (Keras's ``tf.function``) run eagerly, or
        with ``eager=False`` compiled, whatever an earlier setup chose."""
        return contextlib.nullcontext()

    @abc.abstractmethod
    def channel_doubler(self):
        """A parameter-free layer returning its input stacked with half of it along the
        channels, (B, C, ...) -> (B, 2C, ...): stands in for a U-Net block's inner levels."""

    @abc.abstractmethod
    def one_conv_model(self, in_channels: int, out_channels: int, kernel: int):
        """The smallest model an init function is given: one convolution with a bias, built.
        In PyTorch the bare layer (``apply`` calls the init on every module, this one
        included); in Keras and Chainer, whose inits take a model, inside a container."""

    @property
    @abc.abstractmethod
    def model_class(self) -> type:
        """The framework's base class of models: ``nn.Module``, ``keras.Model``,
        ``chainer.Chain``."""

    def add_children(self, model, **children) -> None:
        """Make ``children`` sub-models of ``model`` (a :attr:`model_class` instance being
        built), so that their parameters are the model's."""
        for name, child in children.items():
            setattr(model, name, child)

    @abc.abstractmethod
    def nested(self, model):
        """A container model holding ``model`` as its only sub-model, as learners nest their
        layers: probes code that must reach every layer wherever it sits."""

    def is_array(self, value) -> bool:
        """True for an array the framework's operations take in a model (a tensor; in
        Chainer also a NumPy or CuPy array)."""
        return self.is_tensor(value)

    @abc.abstractmethod
    def is_tensor(self, value) -> bool:
        """True for a framework array that can carry gradients back to its inputs
        (``torch.Tensor``, a TensorFlow tensor, ``chainer.Variable``)."""

    @abc.abstractmethod
    def input_gradients(self, function: Callable, *arrays: np.ndarray):
        """Call ``function`` on differentiable framework copies of NumPy ``arrays``.

        Returns ``(output, gradients)``: the function's raw return value and, for each input,
        d sum(output) / d input as NumPy, or ``None`` where no gradient reaches it (all
        ``None`` when the output is not a framework tensor connected to the inputs).
        """

    @abc.abstractmethod
    def forward(self, model, *tensors, training: bool):
        """``model``'s differentiable output on framework ``tensors``, in training mode
        (batch statistics, dropout on) or inference mode."""

    @abc.abstractmethod
    def parameter_roles(self, model) -> list[str]:
        """What each entry of :meth:`parameters` is: "weight" (a kernel), "bias", "gamma"
        (a normalization's scale) or "beta" (its shift)."""

    @abc.abstractmethod
    def trainable_count(self, model) -> int:
        """How many parameter values an optimizer may update now: frozen ones
        (``requires_grad_(False)``, ``trainable = False``, ``disable_update()``) excluded."""

    @abc.abstractmethod
    def initialize(self, model, init: Callable) -> None:
        """Apply a learner's initialisation function the course's way in this framework:
        ``model.apply(init)`` in PyTorch, ``init(model)`` in Keras and Chainer."""

    @abc.abstractmethod
    def mlp(self, layers, input_shapes, output_shape, activation: str | None = "tanh",
            batch_norm: bool = False):
        """A small dense network whose weights are given in NumPy.

        ``layers`` is ``[(W, b), ...]`` with ``W`` of shape (out, in). The network takes one
        input per entry of ``input_shapes`` (per-example shapes, e.g. an image and a label
        ``()``), flattens each to floats and concatenates them, applies the layers with
        ``activation`` ("tanh", "relu" or None) between them, preceded by batch
        normalization when ``batch_norm``, and returns a batch of ``output_shape``.
        Its parameters come in layer order: W, b (, gamma, beta) for each layer.
        """

    def small_net(self, input_shapes, output_shape, *, batch_norm: bool = False, hidden: int = 16,
                  seed: int = 0):
        """A two-layer tanh network (batch norm on its hidden layer if asked) with seeded
        random weights, the same in every framework: a probe for training steps."""
        sizes = (sum(int(np.prod(s)) for s in input_shapes), hidden, int(np.prod(output_shape)))
        return self.mlp(random_layers(sizes, seed), input_shapes, output_shape, "tanh", batch_norm)

    def linear_autoencoder(self, image_shape: tuple[int, int, int], latent_dim: int, seed: int = 0):
        """A tiny linear autoencoder used to probe learners' training steps."""
        pixels = int(np.prod(image_shape))
        return self.mlp(random_layers((pixels, latent_dim, pixels), seed), [image_shape],
                        image_shape, activation=None)

    def dense_layers(self, arrays) -> list[tuple[np.ndarray | None, np.ndarray | None]]:
        """:meth:`parameters` (or gradients) of an :meth:`mlp` without batch norm, as
        ``[(W, b), ...]`` with ``W`` of shape (out, in)."""
        arrays = [None if a is None else np.asarray(a, np.float64) for a in arrays]
        return list(zip(arrays[0::2], arrays[1::2], strict=True))

    @abc.abstractmethod
    def fixed_noise_vae(self, image_shape: tuple[int, int, int], latent_dim: int, eps: np.ndarray):
        """A tiny VAE whose noise is fixed, so that one training step is deterministic.

        Linear heads from the pixels to mu and logvar, z = mu + exp(logvar / 2) * eps with
        the given eps, then Linear + sigmoid back to the pixels; it returns
        (reconstruction, mu, logvar). ``model.reference_loss(x)`` is the negative ELBO per
        image (summed BCE + KL, divided by the batch size) in this framework's ops.
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
