"""Image-quality numbers computed in NumPy, the same for every framework."""

from __future__ import annotations

import numpy as np


def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"Shapes differ: {a.shape} vs {b.shape}.")
    return a, b


def mse(a, b) -> float:
    """Mean squared error over every pixel of every image."""
    a, b = _pair(a, b)
    return float(np.mean((a - b) ** 2))


def psnr(a, b, data_range: float = 1.0) -> float:
    """Peak signal-to-noise ratio in dB, averaged over images (higher is better).

    ``data_range`` is max - min of the pixel scale: 1 for [0, 1], 2 for [-1, 1].
    """
    a, b = _pair(a, b)
    per_image = np.mean((a - b) ** 2, axis=tuple(range(1, a.ndim)))
    per_image = np.maximum(per_image, 1e-12)
    return float(np.mean(10.0 * np.log10(data_range**2 / per_image)))


def reconstruction_report(originals, reconstructions, data_range: float = 1.0) -> dict:
    """MSE and PSNR of reconstructions against their originals, as a dict of floats."""
    return {
        "mse": mse(originals, reconstructions),
        "psnr": psnr(originals, reconstructions, data_range),
    }
