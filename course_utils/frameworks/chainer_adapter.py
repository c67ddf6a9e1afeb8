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


ROLES = {"W": "weight", "b": "bias", "gamma": "gamma", "beta": "beta"}
ACTIVATIONS = {"tanh": F.tanh, "relu": F.relu}


class _MLP(chainer.Chain):
    """See :meth:`Adapter.mlp`. Links l0, l1, ... (and l0_norm, ...): sorted parameter names
    keep the layer order. Like any new Chainer model it holds NaN gradients until a step
    clears them."""

    def __init__(self, layers, output_shape, activation, batch_norm):
        super().__init__()
        self.output_shape = tuple(output_shape)
        self.activation = ACTIVATIONS[activation] if activation else None
        self.depth, self.batch_norm = len(layers), batch_norm
        with self.init_scope():
            for i, (weights, bias) in enumerate(layers):
                setattr(self, f"l{i}", L.Linear(weights.shape[1], weights.shape[0],
                                                 initialW=np.asarray(weights, np.float32),
                                                 initial_bias=np.asarray(bias, np.float32)))
                if batch_norm and i < len(layers) - 1:
                    setattr(self, f"l{i}_norm", L.BatchNormalization(weights.shape[0]))

    def forward(self, *inputs):
        x = F.concat([F.reshape(F.cast(t, np.float32), (len(t), -1)) for t in inputs], axis=1)
        for i in range(self.depth):
            x = getattr(self, f"l{i}")(x)
            if i < self.depth - 1:
                if self.batch_norm:
                    x = getattr(self, f"l{i}_norm")(x)
                if self.activation is not None:
                    x = self.activation(x)
        return F.reshape(x, (-1, *self.output_shape))


class _FixedNoiseVAE(chainer.Chain):
    """See :meth:`Adapter.fixed_noise_vae`."""

    def __init__(self, image_shape, latent_dim, eps):
        super().__init__()
        pixels = int(np.prod(image_shape))
        self.image_shape, self.eps = tuple(image_shape), np.asarray(eps, np.float32)
        with self.init_scope():
            self.fc_mu, self.fc_logvar = L.Linear(pixels, latent_dim), L.Linear(pixels, latent_dim)
            self.out = L.Linear(latent_dim, pixels)

    def forward(self, x):
        mu, logvar = self.fc_mu(x), self.fc_logvar(x)
        z = mu + F.exp(0.5 * logvar) * self.xp.asarray(self.eps)
        return F.reshape(F.sigmoid(self.out(z)), (-1, *self.image_shape)), mu, logvar

    def reference_loss(self, x):
        p, mu, logvar = self(x)
        p = F.clip(p, 1e-7, 1 - 1e-7)
        nll = -F.sum(x * F.log(p) + (1 - x) * F.log(1 - p))
        return (nll - 0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar))) / len(x)


def _double_channels(x):
    return F.concat([x, 0.5 * x], axis=1)


class ChainerAdapter(Adapter):
    name = "chainer"
    layout = "NCHW"
    weights_suffix = ".npz"
    init_usage = "{init}(model)"

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

    def _named_params(self, model, prefix=""):
        """(name, parameter) in creation order, as PyTorch's ``parameters()``: a Chain keeps
        its parameters and children in sets, but its attributes in the order they were set."""
        if isinstance(model, chainer.ChainList):
            children = [(str(i), child) for i, child in enumerate(model.children())]
        else:
            children = [(name, value) for name, value in vars(model).items()
                        if name in getattr(model, "_children", ())]
        own = [(name, value) for name, value in vars(model).items() if name in model._params]
        for name, param in own:
            yield f"{prefix}/{name}", param
        for name, child in children:
            yield from self._named_params(child, f"{prefix}/{name}")

    def _params(self, model):
        return [param for _, param in self._named_params(model)]

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

    def mean_absolute_error(self, a, b):
        return F.mean_absolute_error(a, b)

    def adam(self, model, lr, betas=(0.9, 0.999)):
        optimizer = chainer.optimizers.Adam(alpha=lr, beta1=betas[0], beta2=betas[1])
        optimizer.setup(model)
        return optimizer

    def momentum_sgd(self, model, lr, momentum=0.9):
        optimizer = (chainer.optimizers.MomentumSGD(lr=lr, momentum=momentum) if momentum
                     else chainer.optimizers.SGD(lr=lr))  # no momentum, no state: as elsewhere
        optimizer.setup(model)
        return optimizer

    def bce_with_logits(self, logits, target):
        # -t log s(x) - (1 - t) log(1 - s(x)) = softplus(x) - t x, with a stable softplus
        return F.mean(F.softplus(logits) - target * logits)

    def held_gradients(self, model):
        return [None if p.grad is None else self.to_numpy(p.grad).copy()
                for p in self._params(model) if p.array is not None]

    def fill_gradients(self, model, value):
        for param in model.params():
            param.grad = param.xp.full_like(param.array, value)

    def is_tensor(self, value):
        return isinstance(value, chainer.Variable)

    def is_array(self, value):
        return self.is_tensor(value) or isinstance(value, chainer.get_array_types())

    def input_gradients(self, function, *arrays):
        leaves = [chainer.Variable(self.tensor(a)) for a in arrays]
        output = function(*leaves)
        if isinstance(output, chainer.Variable) and output.dtype.kind == "f":
            F.sum(output).backward()
        return output, [None if leaf.grad is None else self.to_numpy(leaf.grad) for leaf in leaves]

    def forward(self, model, *tensors, training):
        with chainer.using_config("train", training):
            return model(*tensors)

    def parameter_roles(self, model):
        return [ROLES.get(name.rsplit("/", 1)[-1], "weight")
                for name, param in self._named_params(model) if param.array is not None]

    def trainable_count(self, model):
        return sum(p.size for p in self._params(model) if p.array is not None
                   and (p.update_rule is None or p.update_rule.enabled))

    def initialize(self, model, init):
        init(model)

    def channel_doubler(self):
        return _double_channels

    def one_conv_model(self, in_channels, out_channels, kernel):
        return chainer.Sequential(L.Convolution2D(in_channels, out_channels, kernel)).to_device(
            default_device())

    @property
    def model_class(self):
        return chainer.Chain

    def add_children(self, model, **children):
        with model.init_scope():  # a Chain registers links set inside its init_scope only
            super().add_children(model, **children)

    def nested(self, model):
        return chainer.Sequential(model)

    def mlp(self, layers, input_shapes, output_shape, activation="tanh", batch_norm=False):
        return _MLP(layers, output_shape, activation, batch_norm).to_device(default_device())

    def fixed_noise_vae(self, image_shape, latent_dim, eps):
        return _FixedNoiseVAE(image_shape, latent_dim, eps).to_device(default_device())

    def loader(self, images, batch_size, *, shuffle=True, seed=0):
        sampler = (chainer.iterators.ShuffleOrderSampler(np.random.RandomState(seed))
                   if shuffle else None)
        return chainer.iterators.SerialIterator(
            np.asarray(images, np.float32), batch_size, repeat=False,
            shuffle=None if shuffle else False, order_sampler=sampler,
        )

    def save_model(self, model, path: Path) -> None:
        chainer.serializers.save_npz(str(path), model, compression=False)  # weights barely compress

    def load_model(self, model, path: Path) -> None:
        chainer.serializers.load_npz(str(path), model)

    def save_optimizer(self, optimizer, path: Path) -> None:
        chainer.serializers.save_npz(str(path), optimizer, compression=False)

    def load_optimizer(self, optimizer, path: Path, model) -> None:
        # Not strict: a parameter that never took a step (pix2pix's D under the L1 loss alone)
        # saved no moments, and Chainer then starts its state afresh, as it would have.
        chainer.serializers.load_npz(str(path), optimizer, strict=False)

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
