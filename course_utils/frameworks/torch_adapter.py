"""PyTorch adapter: NCHW, ``nn.Module``, ``state_dict`` checkpoints."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from .base import Adapter, DeviceReport


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def model_device(model) -> torch.device:
    first = next(iter(model.parameters()), None) if isinstance(model, nn.Module) else None
    return first.device if first is not None else default_device()


NORM_LAYERS = (nn.modules.batchnorm._NormBase, nn.GroupNorm, nn.LayerNorm)
ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU}


def _dense(weights, bias) -> nn.Linear:
    layer = nn.Linear(weights.shape[1], weights.shape[0])
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(weights))
        layer.bias.copy_(torch.as_tensor(bias))
    return layer


class _MLP(nn.Module):
    """See :meth:`Adapter.mlp`."""

    def __init__(self, layers, output_shape, activation, batch_norm):
        super().__init__()
        self.output_shape = tuple(output_shape)
        modules = []
        for i, (weights, bias) in enumerate(layers):
            modules.append(_dense(weights, bias))
            if i < len(layers) - 1:
                if batch_norm:
                    modules.append(nn.BatchNorm1d(weights.shape[0]))
                if activation:
                    modules.append(ACTIVATIONS[activation]())
        self.layers = nn.Sequential(*modules)

    def forward(self, *inputs):
        x = torch.cat([t.reshape(len(t), -1).float() for t in inputs], dim=1)
        return self.layers(x).view(-1, *self.output_shape)


class _FixedNoiseVAE(nn.Module):
    """See :meth:`Adapter.fixed_noise_vae`."""

    def __init__(self, image_shape, latent_dim, eps):
        super().__init__()
        pixels = int(np.prod(image_shape))
        self.image_shape = tuple(image_shape)
        self.fc_mu, self.fc_logvar = nn.Linear(pixels, latent_dim), nn.Linear(pixels, latent_dim)
        self.out = nn.Linear(latent_dim, pixels)
        self.register_buffer("eps", torch.as_tensor(eps))

    def forward(self, x):
        h = x.flatten(1)
        mu, logvar = self.fc_mu(h), self.fc_logvar(h)
        z = mu + torch.exp(0.5 * logvar) * self.eps
        return torch.sigmoid(self.out(z)).view(-1, *self.image_shape), mu, logvar

    def reference_loss(self, x):
        p, mu, logvar = self(x)
        nll = nn.functional.binary_cross_entropy(p, x, reduction="sum")
        return (nll - 0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp())) / len(x)


class _ChannelDoubler(nn.Module):
    def forward(self, x):
        return torch.cat([x, 0.5 * x], dim=1)


class TorchAdapter(Adapter):
    name = "pytorch"
    layout = "NCHW"
    weights_suffix = ".pt"
    init_usage = "model.apply({init})"

    def seed(self, seed: int) -> None:
        self._seed_python(seed)
        torch.manual_seed(seed)

    def device_report(self) -> DeviceReport:
        if not torch.cuda.is_available():
            return DeviceReport(self.name, "cpu", has_gpu=False)
        props = torch.cuda.get_device_properties(0)
        return DeviceReport(
            self.name, "cuda:0", has_gpu=True, name=props.name, memory_gb=props.total_memory / 2**30
        )

    def is_model(self, obj) -> bool:
        return isinstance(obj, nn.Module)

    def tensor(self, array, like=None):
        device = model_device(like) if like is not None else default_device()
        return torch.as_tensor(np.asarray(array, dtype=np.float32), device=device)

    def to_numpy(self, value) -> np.ndarray:
        if isinstance(value, torch.Tensor):
            return value.detach().cpu().numpy()
        return np.asarray(value)

    def call(self, model, *inputs, training=False):
        model.train(training)
        with torch.no_grad():
            return self.numpy_outputs(model(*(self.tensor(x, like=model) for x in inputs)))

    def parameters(self, model):
        return [p.detach().cpu().numpy().copy() for p in model.parameters()]

    def set_parameters(self, model, arrays):
        with torch.no_grad():
            for param, value in zip(model.parameters(), arrays, strict=True):
                param.copy_(torch.as_tensor(value, dtype=param.dtype))

    def gradients(self, model, loss_fn):
        params = list(model.parameters())
        loss = loss_fn(model)
        grads = torch.autograd.grad(loss, params, allow_unused=True)  # leaves p.grad untouched
        return float(loss.detach()), [None if g is None else g.cpu().numpy() for g in grads]

    def mean_squared_error(self, a, b):
        return ((a - b) ** 2).mean()

    def mean_absolute_error(self, a, b):
        return (a - b).abs().mean()

    def adam(self, model, lr, betas=(0.9, 0.999)):
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas)

    def momentum_sgd(self, model, lr, momentum=0.9):
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)

    def bce_with_logits(self, logits, target):
        return nn.functional.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))

    def held_gradients(self, model):
        return [None if p.grad is None else p.grad.detach().cpu().numpy().copy()
                for p in model.parameters()]

    def fill_gradients(self, model, value):
        for parameter in model.parameters():
            parameter.grad = torch.full_like(parameter, value)

    def is_tensor(self, value):
        return isinstance(value, torch.Tensor)

    def input_gradients(self, function, *arrays):
        leaves = [self.tensor(a).requires_grad_() for a in arrays]
        output = function(*leaves)
        grads = [None] * len(leaves)
        if isinstance(output, torch.Tensor) and output.requires_grad and output.is_floating_point():
            grads = torch.autograd.grad(output.sum(), leaves, allow_unused=True)
        return output, [None if g is None else g.detach().cpu().numpy() for g in grads]

    def forward(self, model, *tensors, training):
        model.train(training)
        return model(*tensors)

    def parameter_roles(self, model):
        roles = []
        for module in model.modules():
            norm = isinstance(module, NORM_LAYERS)
            for name, _ in module.named_parameters(recurse=False):
                roles.append({"weight": "gamma", "bias": "beta"}[name] if norm else
                             name if name in ("bias", "gamma", "beta") else "weight")
        return roles

    def trainable_count(self, model):
        return sum(p.numel() for p in model.parameters() if p.requires_grad)

    def initialize(self, model, init):
        model.apply(init)

    def channel_doubler(self):
        return _ChannelDoubler()

    def one_conv_model(self, in_channels, out_channels, kernel):
        return nn.Conv2d(in_channels, out_channels, kernel).to(default_device())

    @property
    def model_class(self):
        return nn.Module

    def nested(self, model):
        return nn.Sequential(model)

    def mlp(self, layers, input_shapes, output_shape, activation="tanh", batch_norm=False):
        return _MLP(layers, output_shape, activation, batch_norm).to(default_device())

    def fixed_noise_vae(self, image_shape, latent_dim, eps):
        return _FixedNoiseVAE(image_shape, latent_dim, eps).to(default_device())

    def loader(self, images, batch_size, *, shuffle=True, seed=0):
        dataset = torch.utils.data.TensorDataset(torch.from_numpy(np.asarray(images, np.float32)))
        generator = torch.Generator().manual_seed(seed)
        return torch.utils.data.DataLoader(
            dataset, batch_size=batch_size, shuffle=shuffle, generator=generator
        )

    def save_model(self, model, path: Path) -> None:
        torch.save(model.state_dict(), path)

    def load_model(self, model, path: Path) -> None:
        model.load_state_dict(torch.load(path, map_location=model_device(model)))

    def save_optimizer(self, optimizer, path: Path) -> None:
        torch.save(optimizer.state_dict(), path)

    def load_optimizer(self, optimizer, path: Path, model) -> None:
        optimizer.load_state_dict(torch.load(path, map_location=model_device(model)))

    def peak_memory_mb(self):
        if not torch.cuda.is_available():
            return None
        return torch.cuda.max_memory_allocated() / 2**20

    def reset_peak_memory(self) -> None:
        if torch.cuda.is_available():
            torch.cuda.reset_peak_memory_stats()

    def synchronize(self) -> None:
        if torch.cuda.is_available():
            torch.cuda.synchronize()


ADAPTER = TorchAdapter()
