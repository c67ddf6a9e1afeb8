"""Chainer 7.8.1 adapter: NCHW, ``chainer.Chain``, npz checkpoints, CuPy on a GPU."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from .. import chainer_compat

chainer = chainer_compat.import_chainer()
F = chainer.functions
L = chainer.links

from .base import Adapter, DeviceReport  # noqa: E402


def default_device():
    if chainer.backends.cuda.available:
        return chainer.get_device("@cupy:0")
    return chainer.get_device("@numpy")


def model_device(model):
    return model.device if isinstance(model, chainer.Link) else default_device()


class _LinearAutoencoder(chainer.Chain):
    def __init__(self, image_shape, latent_dim):
        super().__init__()
        self.image_shape = tuple(image_shape)
        with self.init_scope():
            self.encode = L.Linear(int(np.prod(image_shape)), latent_dim)
            self.decode = L.Linear(latent_dim, int(np.prod(image_shape)))

    def forward(self, x):
        return F.reshape(self.decode(self.encode(x)), (-1, *self.image_shape))


class _SmallNet(chainer.Chain):
    def __init__(self, input_shapes, output_shape, hidden=16):
        super().__init__()
        self.output_shape = tuple(output_shape)
        with self.init_scope():
            self.hidden = L.Linear(sum(int(np.prod(s)) for s in input_shapes), hidden)
            self.out = L.Linear(hidden, int(np.prod(output_shape)))
        self.cleargrads()  # Chainer fills new gradients with NaN; hold none, as in PyTorch

    def forward(self, *inputs):
        x = F.concat([F.reshape(F.cast(t, np.float32), (len(t), -1)) for t in inputs], axis=1)
        return F.reshape(self.out(F.tanh(self.hidden(x))), (-1, *self.output_shape))


class ChainerAdapter(Adapter):
    name = "chainer"
    layout = "NCHW"
    weights_suffix = ".npz"

    def seed(self, seed: int) -> None:
        self._seed_python(seed)
        if chainer.backends.cuda.available:
            chainer.backends.cuda.cupy.random.seed(seed)

    def device_report(self) -> DeviceReport:
        if not chainer.backends.cuda.available:
            notes = []
            if shutil.which("nvidia-smi"):
                reason = getattr(chainer.backends.cuda, "_resolution_error", "unknown")
                notes.append(f"chainer: this machine has an NVIDIA GPU, but CuPy could not be "
                             f"loaded ({reason}); install the cupy-cuda12x wheel that matches "
                             "its CUDA version, then restart the runtime.")
            return DeviceReport(self.name, "@numpy", has_gpu=False, notes=notes)
        cupy = chainer.backends.cuda.cupy
        props = cupy.cuda.runtime.getDeviceProperties(0)
        notes = []
        if not chainer.backends.cuda.cudnn_enabled:
            notes.append(
                "chainer: CuPy runs without cuDNN here, so convolutions use Chainer's slower "
                "im2col kernels. Expect it to be a few times slower than PyTorch or Keras."
            )
        return DeviceReport(
            self.name, "@cupy:0", has_gpu=True, name=props["name"].decode(),
            memory_gb=props["totalGlobalMem"] / 2**30, notes=notes,
        )

    def is_model(self, obj) -> bool:
        return isinstance(obj, chainer.Link)

    def tensor(self, array, like=None):
        device = model_device(like) if like is not None else default_device()
        return device.send(np.asarray(array, dtype=np.float32))

    def to_numpy(self, value) -> np.ndarray:
        if isinstance(value, chainer.Variable):
            value = value.array
        return np.asarray(chainer.backend.CpuDevice().send(value))

    def call(self, model, *inputs, training=False):
        with chainer.using_config("train", training), chainer.no_backprop_mode():
            return self.numpy_outputs(model(*(self.tensor(x, like=model) for x in inputs)))

    def _params(self, model):
        return [param for _, param in sorted(model.namedparams())]

    def parameters(self, model):
        return [self.to_numpy(p.array).copy() for p in self._params(model) if p.array is not None]

    def set_parameters(self, model, arrays):
        params = [p for p in self._params(model) if p.array is not None]
        for param, value in zip(params, arrays, strict=True):
            param.array[...] = param.xp.asarray(value, param.array.dtype)

    def gradients(self, model, loss_fn):
        params = self._params(model)
        held = [p.grad for p in params]  # the learner's gradients, put back afterwards
        model.cleargrads()
        loss = loss_fn(model)
        loss.backward()
        grads = [None if p.grad is None else self.to_numpy(p.grad) for p in params]
        for param, grad in zip(params, held, strict=True):
            param.grad = grad
        return float(self.to_numpy(loss)), grads

    def mean_squared_error(self, a, b):
        return F.mean_squared_error(a, b)

    def adam(self, model, lr):
        optimizer = chainer.optimizers.Adam(alpha=lr)
        optimizer.setup(model)
        return optimizer

    def sgd(self, model, lr):
        optimizer = chainer.optimizers.SGD(lr=lr)
        optimizer.setup(model)
        return optimizer

    def bce_with_logits(self, logits, target):
        # -t log s(x) - (1 - t) log(1 - s(x)) = softplus(x) - t x, with a stable softplus
        return F.mean(F.softplus(logits) - target * logits)

    def held_gradients(self, model):
        return [None if p.grad is None else self.to_numpy(p.grad).copy()
                for p in self._params(model) if p.array is not None]

    def linear_autoencoder(self, image_shape, latent_dim):
        return _LinearAutoencoder(image_shape, latent_dim).to_device(default_device())

    def small_net(self, input_shapes, output_shape):
        return _SmallNet(input_shapes, output_shape).to_device(default_device())

    def loader(self, images, batch_size, *, shuffle=True, seed=0):
        sampler = (chainer.iterators.ShuffleOrderSampler(np.random.RandomState(seed))
                   if shuffle else None)
        return chainer.iterators.SerialIterator(
            np.asarray(images, np.float32), batch_size, repeat=False,
            shuffle=None if shuffle else False, order_sampler=sampler,
        )

    def save_model(self, model, path: Path) -> None:
        chainer.serializers.save_npz(str(path), model)

    def load_model(self, model, path: Path) -> None:
        chainer.serializers.load_npz(str(path), model)

    def save_optimizer(self, optimizer, path: Path) -> None:
        chainer.serializers.save_npz(str(path), optimizer)

    def load_optimizer(self, optimizer, path: Path, model) -> None:
        chainer.serializers.load_npz(str(path), optimizer)

    def peak_memory_mb(self):
        """CuPy has no peak counter: the memory pool's size, which only grows between resets."""
        if not chainer.backends.cuda.available:
            return None
        return chainer.backends.cuda.cupy.get_default_memory_pool().total_bytes() / 2**20

    def reset_peak_memory(self) -> None:
        if chainer.backends.cuda.available:
            chainer.backends.cuda.cupy.get_default_memory_pool().free_all_blocks()

    def synchronize(self) -> None:
        if chainer.backends.cuda.available:
            chainer.backends.cuda.cupy.cuda.Device().synchronize()


ADAPTER = ChainerAdapter()
