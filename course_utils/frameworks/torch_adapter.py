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


class _LinearAutoencoder(nn.Module):
    def __init__(self, image_shape, latent_dim):
        super().__init__()
        size = int(np.prod(image_shape))
        self.image_shape = image_shape
        self.encode = nn.Linear(size, latent_dim)
        self.decode = nn.Linear(latent_dim, size)

    def forward(self, x):
        return self.decode(self.encode(x.flatten(1))).view(-1, *self.image_shape)


class _SmallNet(nn.Module):
    def __init__(self, input_shapes, output_shape, hidden=16):
        super().__init__()
        self.output_shape = tuple(output_shape)
        self.hidden = nn.Linear(sum(int(np.prod(s)) for s in input_shapes), hidden)
        self.out = nn.Linear(hidden, int(np.prod(output_shape)))

    def forward(self, *inputs):
        x = torch.cat([t.reshape(len(t), -1).float() for t in inputs], dim=1)
        return self.out(torch.tanh(self.hidden(x))).view(-1, *self.output_shape)


class TorchAdapter(Adapter):
    name = "pytorch"
    layout = "NCHW"
    weights_suffix = ".pt"

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

    def adam(self, model, lr):
        return torch.optim.Adam(model.parameters(), lr=lr)

    def sgd(self, model, lr):
        return torch.optim.SGD(model.parameters(), lr=lr)

    def bce_with_logits(self, logits, target):
        return nn.functional.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))

    def held_gradients(self, model):
        return [None if p.grad is None else p.grad.detach().cpu().numpy().copy()
                for p in model.parameters()]

    def linear_autoencoder(self, image_shape, latent_dim):
        return _LinearAutoencoder(image_shape, latent_dim).to(default_device())

    def small_net(self, input_shapes, output_shape):
        return _SmallNet(input_shapes, output_shape).to(default_device())

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
